using Microsoft.Extensions.AI;

namespace Warbler.Chat.Tools;

/// <summary>The tools a reply offers, and the loop that lets the model call them.</summary>
internal sealed class ReplyToolbox(IReadOnlyList<AITool> tools, int maxRounds, ILoggerFactory loggers, TimeProvider time)
{
    public IReadOnlyList<AITool> Tools { get; } = tools;

    /// <summary>
    /// Offers the tools on <paramref name="options"/> and returns <paramref name="gateway"/> with
    /// Microsoft.Extensions.AI's function invocation on it: each round a call of the gateway as any reply's.
    /// </summary>
    public IChatClient Loop(IChatClient gateway, ChatOptions options)
    {
        options.Tools = [.. Tools];
        var rounds = new ToolRoundChatClient(gateway, time);
        var invoking = new FunctionInvokingChatClient(rounds, loggers)
        {
            // Rounds that may call tools; the function-invoking client then makes one more, with the tools withheld.
            MaximumIterationsPerRequest = maxRounds - 1,

            // The functions say in words what went wrong; nothing is thrown to hide or to show.
            MaximumConsecutiveErrorsPerRequest = maxRounds,
        };
        return new ToolLoopChatClient(invoking, rounds, maxRounds);
    }
}
