using System.Text;
using Warbler.Gateway.Tests.Bots;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Usage;

/// <summary>The two ways into the gateway that end in the same accounting: <c>/v1</c> over HTTP, and the in-process <c>IChatClient</c>.</summary>
public enum CallSurface
{
    V1,
    InProcess,
}

/// <summary>What the caller received of an answer, and the request id its usage record carries.</summary>
internal sealed record SurfaceAnswer(string Text, string RequestId);

/// <summary>
/// Asks the gateway for a streamed answer to "Hello" from <c>gpt-4o-mini</c> through either surface,
/// reading the text as the caller receives it, so one test body covers both.
/// </summary>
internal static class SurfaceCalls
{
    public const string Model = "gpt-4o-mini";
    public const string Prompt = "Hello";

    /// <summary>Streams the whole answer; returns its text.</summary>
    public static Task<SurfaceAnswer> AskAsync(GatewayHost host, CallSurface surface) => AskAsync(host, surface, stopAfter: null);

    /// <summary>Streams the answer and stops (goes away) after <paramref name="stopAfter"/> pieces of text; returns the text received.</summary>
    public static async Task<SurfaceAnswer> AskAsync(GatewayHost host, CallSurface surface, int? stopAfter)
    {
        using var hang = new CancellationTokenSource(BotCalls.HangLimit);
        return surface == CallSurface.V1
            ? await AskV1Async(host, stopAfter, hang.Token)
            : await AskInProcessAsync(host, stopAfter, hang);
    }

    private static async Task<SurfaceAnswer> AskV1Async(GatewayHost host, int? stopAfter, CancellationToken cancellationToken)
    {
        using var client = host.CreateClient(await host.CreateKeyAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = Model, stream = true, messages = new[] { new { role = "user", content = Prompt } } }),
        };
        var received = new StringBuilder();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var pieces = 0;
        while (pieces != stopAfter && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            {
                received.Append(SseEvents.DeltaContent(line["data: ".Length..]));
                pieces++;
            }
        }

        return new SurfaceAnswer(received.ToString(), requestId);
    }

    private static async Task<SurfaceAnswer> AskInProcessAsync(GatewayHost host, int? stopAfter, CancellationTokenSource hang)
    {
        var received = new StringBuilder();
        var pieces = 0;
        var request = BotCalls.Request(Model, content: Prompt);
        try
        {
            await foreach (var update in BotCalls.Stream(host, request, hang.Token))
            {
                received.Append(update.Text);
                if (update.Text.Length > 0 && ++pieces == stopAfter)
                {
                    await hang.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stopAfter is not null)
        {
            // The caller stopped, as a person pressing Stop does.
        }

        return new SurfaceAnswer(received.ToString(), request.RequestId);
    }
}
