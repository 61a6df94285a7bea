using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Logging;
using Warbler.Contracts.Messages;

namespace Warbler.Chat.Realtime;

/// <summary>
/// Before the server takes connections, runs each hub protocol once both ways with what a send
/// carries: a <c>SendMessage</c> call read with its arguments' types, then its answer and the
/// room's <c>messageCreated</c> event written. The serializer builds its view of those types, and
/// the code is compiled, before the first person sends rather than during their send, which the
/// sends right after a start (an upgrade, a crash) would otherwise wait on. Best effort, as
/// <see cref="Rooms.SendPathWarmUp"/>.
/// </summary>
internal sealed class HubProtocolWarmUp(IEnumerable<IHubProtocol> protocols, TimeProvider time, ILogger<HubProtocolWarmUp> logger) : IHostedService
{
    private const string SendMethod = nameof(ChatHub.SendMessage);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var sample = SampleMessage(time.GetUtcNow());
            foreach (var protocol in protocols)
            {
                RoundTrip(protocol, sample);
            }

            ChatLog.HubProtocolWarmedUp(logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception exception)
        {
            ChatLog.HubProtocolNotWarmedUp(logger, exception);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void RoundTrip(IHubProtocol protocol, Message sample)
    {
        var written = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(new InvocationMessage("1", SendMethod, [sample.RoomId, sample.Text, sample.ClientMessageId, sample.ReplyTo]), written);
        var call = new ReadOnlySequence<byte>(written.WrittenMemory);
        if (!protocol.TryParseMessage(ref call, new SendBinder(), out var parsed) || parsed is not InvocationMessage { Arguments.Length: 4 })
        {
            throw new InvalidOperationException($"The {protocol.Name} protocol did not read back a {SendMethod} call.");
        }

        protocol.WriteMessage(CompletionMessage.WithResult("1", sample), written);
        protocol.WriteMessage(new InvocationMessage(nameof(Contracts.Realtime.IChatHubClient.messageCreated), [sample]), written);
    }

    private static Message SampleMessage(DateTimeOffset now) => new(
        1, Guid.CreateVersion7(now), new MessageSender(MessageSender.UserType, Guid.CreateVersion7(now), "warm-up"), "warm-up", "warm-up", null,
        MessageStatuses.Complete, null, now, null, 1, null, new MessageUsage(1, 1, Estimated: true));

    /// <summary>Binds the one call read back: <see cref="ChatHub.SendMessage"/>'s arguments, by its own signature.</summary>
    private sealed class SendBinder : IInvocationBinder
    {
        private static readonly Type[] SendParameters = typeof(ChatHub).GetMethod(SendMethod)!.GetParameters().Select(p => p.ParameterType).ToArray();

        public IReadOnlyList<Type> GetParameterTypes(string methodName) => SendParameters;

        public Type GetReturnType(string invocationId) => typeof(Message);

        public Type GetStreamItemType(string streamId) => typeof(object);

        public string GetTarget(ReadOnlySpan<byte> utf8Bytes) => Encoding.UTF8.GetString(utf8Bytes);
    }
}
