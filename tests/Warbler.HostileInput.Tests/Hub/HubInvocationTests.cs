using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Warbler.HostileInput.Tests.Server;
using Xunit.Abstractions;

namespace Warbler.HostileInput.Tests.Hub;

/// <summary>
/// Invocations of <c>/hubs/chat</c> over a real connection with wrong argument types and counts,
/// unknown methods and huge strings. Each ends in a result or a <see cref="HubException"/>; only a
/// message past the hub's size limit may close the connection (the client then reconnects). The
/// server stays up.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class HubInvocationTests(HostileServer server, ITestOutputHelper output)
{
    private const int Inputs = 500;

    /// <summary>SignalR's default limit on one incoming message.</summary>
    private const int MaximumReceiveMessageSize = 32 * 1024;

    private static readonly string[] Methods = ["SendMessage", "Typing", "MarkRead", "StopReply", "RecallMessage", "CatchUp", "sendmessage", "NoSuchMethod", " ", "OnConnectedAsync", "Dispose", new('m', 5_000)];

    [Fact]
    public async Task HostileInvocations_GetAnErrorOrAResult_NotADroppedServer()
    {
        var cancellationToken = CancellationToken.None;
        var count = new InputCount();
        object?[] values =
        [
            null, "", "x", "not-a-guid", server.Room.ToString(), Guid.Empty.ToString(), server.Room, server.Message, -1, 0, long.MaxValue, long.MinValue, ulong.MaxValue, 1e308, -0.0, 1.5, true, false,
            "\u0000", "\ud800", new string('a', 1_000), new string('a', 20_000), new string('a', 100_000), Array.Empty<object>(), new object?[] { 1, "a", null },
            new Dictionary<string, object?> { ["roomId"] = server.Room, ["nested"] = new Dictionary<string, object?> { ["a"] = new[] { 1, 2 } } },
        ];
        var gen = Gen.Select(Gen.Int[0, Methods.Length - 1], Gen.Int[0, values.Length - 1].Array[0, 5], (method, args) => (Method: Methods[method], Args: args.Select(i => values[i]).ToArray()));

        var connection = await ConnectAsync(cancellationToken);
        try
        {
            await HostileRun.SampleAsync(gen, async invocation =>
            {
                if (connection.State != HubConnectionState.Connected)
                {
                    await connection.DisposeAsync();
                    connection = await ConnectAsync(cancellationToken);
                }

                var size = Size(invocation.Method, invocation.Args);
                var shown = Describe(invocation.Method, invocation.Args);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    await connection.InvokeCoreAsync(invocation.Method, typeof(JsonElement), invocation.Args, deadline.Token);
                    count.Add(false);
                }
                catch (HubException)
                {
                    count.Add(false);
                }
                catch (Exception closed) when (closed is not Xunit.Sdk.XunitException && size > MaximumReceiveMessageSize)
                {
                    // Past the size limit the server closes the connection; it must still be up.
                    count.Add(false);
                    await server.AssertHealthyAsync(cancellationToken);
                }
                catch (Exception other) when (other is not Xunit.Sdk.XunitException)
                {
                    count.Add(true);
                    Assert.Fail($"Hub invocation {shown} ({size:N0} bytes) ended in {other.GetType().Name}: {other.Message}");
                }
            }, Inputs, invocation => Describe(invocation.Method, invocation.Args));

            await server.AssertHealthyAsync(cancellationToken);
            if (connection.State != HubConnectionState.Connected)
            {
                await connection.DisposeAsync();
                connection = await ConnectAsync(cancellationToken);
            }

            // The hub still does its work: a valid call answers.
            var page = await connection.InvokeAsync<JsonElement>("CatchUp", server.Room, 0L, cancellationToken);
            Assert.True(page.TryGetProperty("messages", out _), page.GetRawText());
            await server.AssertValidRequestsWorkAsync(cancellationToken);
        }
        finally
        {
            await connection.DisposeAsync();
            HostileRun.Report(output, "hub invocations", count, $"{Methods.Length} method names");
        }
    }

    private async Task<HubConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/chat"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(server.Owner.AccessToken))
            .Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    private static int Size(string method, object?[] args) => method.Length + JsonSerializer.SerializeToUtf8Bytes(args).Length;

    private static string Describe(string method, object?[] args) =>
        Answer.Shorten($"{method}({string.Join(", ", args.Select(a => JsonSerializer.Serialize(a)))})", 400);
}
