using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Messages;
using Warbler.Data;
using Warbler.Data.Tools;
using ToolStepResponse = Warbler.Contracts.Messages.ToolStep;

namespace Warbler.Chat.Tools;

/// <summary>The tool steps of stored replies, as the API and the hub show them.</summary>
internal static class ToolStepHistory
{
    /// <summary>The steps of those of <paramref name="replyIds"/> that called tools, in order.</summary>
    public static async Task<Dictionary<long, IReadOnlyList<ToolStepResponse>>> LoadAsync(WarblerDbContext db, IReadOnlyCollection<long> replyIds, CancellationToken cancellationToken)
    {
        if (replyIds.Count == 0)
        {
            return [];
        }

        var steps = await db.ToolSteps.AsNoTracking()
            .Where(s => replyIds.Contains(s.MessageId))
            .ToListAsync(cancellationToken);
        return steps.GroupBy(s => s.MessageId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ToolStepResponse>)[.. g.OrderBy(s => s.Index).Select(Describe)]);
    }

    public static ToolStepResponse Describe(ReplyToolStep step) => new(
        step.Index,
        step.ServerName,
        step.ToolName,
        step.Arguments,
        StatusName(step.Status),
        step.Status == ToolStepStatus.Ok ? step.Result : null,
        step.Status == ToolStepStatus.Ok ? null : step.Result,
        step.DurationMs);

    private static string StatusName(ToolStepStatus status) => status switch
    {
        ToolStepStatus.Ok => ToolStepStatuses.Ok,
        ToolStepStatus.TimedOut => ToolStepStatuses.TimedOut,
        _ => ToolStepStatuses.Error,
    };
}
