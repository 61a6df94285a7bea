using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Warbler.Gateway.InProcess;

namespace Warbler.Chat.Tools;

/// <summary>
/// Sits under the function-invoking client and sees each request of a reply's tool loop: gives each
/// round a usage record of its own (a request id of its own, as every call to the gateway has), and notes
/// whether the latest round had the tools withheld or still asked for them: the loop stopped at its limit.
/// </summary>
internal sealed class ToolRoundChatClient(IChatClient gateway, TimeProvider time) : DelegatingChatClient(gateway)
{
    public int Rounds { get; private set; }

    /// <summary>Whether the latest round still asked for tools, or was made without them because the loop reached its limit.</summary>
    public bool LastRoundAtLimit { get; private set; }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Rounds++;
        LastRoundAtLimit = Rounds > 1 && (options?.Tools is not { Count: > 0 } || options.ToolMode is NoneChatToolMode);
        if (Rounds > 1 && options?.GetCaller() is { } caller)
        {
            options = options.Clone();
            options.AdditionalProperties = options.AdditionalProperties is { } properties ? new(properties) : [];
            var prefix = caller.RequestId[..Math.Max(0, caller.RequestId.LastIndexOf('_'))];
            options.WithCaller(caller with { RequestId = $"{prefix}_{Guid.CreateVersion7(time.GetUtcNow()):N}" });
        }

        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            LastRoundAtLimit |= update.Contents.Any(c => c is FunctionCallContent);
            yield return update;
        }
    }
}
