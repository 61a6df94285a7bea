using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Warbler.Gateway.InProcess;

namespace Warbler.Chat.Tools;

/// <summary>
/// A reply's function-calling loop as one answer: the text of every round as it comes, then one last
/// update whose usage is the sum of all rounds, so the reply is written and accounted for as any other.
/// A loop that reached its limit of rounds ends with a sentence saying it stopped there.
/// </summary>
internal sealed class ToolLoopChatClient(IChatClient functionInvoking, ToolRoundChatClient rounds, int maxRounds) : DelegatingChatClient(functionInvoking)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long input = 0, output = 0, total = 0;
        var estimated = false;
        string? model = null;
        ChatFinishReason? finish = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                input += usage.Details.InputTokenCount ?? 0;
                output += usage.Details.OutputTokenCount ?? 0;
                total += usage.Details.TotalTokenCount ?? 0;
            }

            estimated |= update.AdditionalProperties.GetUsageEstimated();
            model = update.ModelId ?? model;
            finish = update.FinishReason ?? finish;
            var text = update.Text;
            if (text.Length > 0 && update.Role != ChatRole.Tool)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, text) { ModelId = update.ModelId };
            }
        }

        if (rounds.LastRoundAtLimit)
        {
            finish = ChatFinishReason.Length;
            yield return new ChatResponseUpdate(
                ChatRole.Assistant,
                string.Create(CultureInfo.InvariantCulture, $"\n\n(Stopped after {maxRounds} requests to the model, the most a reply may make with tools: ask again to go on.)"));
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = model,
            FinishReason = finish ?? ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = total })],
            AdditionalProperties = new() { [GatewayChatOptions.UsageEstimatedKey] = estimated },
        };
    }
}
