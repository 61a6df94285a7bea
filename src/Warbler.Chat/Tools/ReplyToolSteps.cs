using Warbler.Chat.Events;
using Warbler.Contracts.Messages;
using Warbler.Data;
using Warbler.Data.Tools;

namespace Warbler.Chat.Tools;

/// <summary>
/// The tool calls of one reply, told to the room as each starts and ends, and kept to be stored
/// with the reply.
/// </summary>
internal sealed class ReplyToolSteps(ChatEvents events, Guid roomId, long replyId, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<ReplyToolStep> _steps = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _steps.Count;
            }
        }
    }

    /// <summary>Records a call as started and tells the room; returns the step, to end with <see cref="End"/>.</summary>
    public ReplyToolStep Start(string server, string tool, string arguments)
    {
        ReplyToolStep step;
        lock (_lock)
        {
            step = new ReplyToolStep
            {
                MessageId = replyId,
                Index = _steps.Count,
                ServerName = server,
                ToolName = tool,
                Arguments = arguments,
                StartedAt = time.GetUtcNow().UtcDateTime,
            };
            _steps.Add(step);
        }

        events.Publish(new ToolStepChanged(roomId, replyId, new(step.Index, server, tool, arguments, ToolStepStatuses.Running, null, null, null)));
        return step;
    }

    public void End(ReplyToolStep step, ToolStepStatus status, string text, TimeSpan duration)
    {
        step.Status = status;
        step.Result = text;
        step.DurationMs = (int)Math.Min(int.MaxValue, Math.Round(duration.TotalMilliseconds));
        events.Publish(new ToolStepChanged(roomId, replyId, ToolStepHistory.Describe(step)));
    }

    /// <summary>Adds the steps to <paramref name="db"/>, to be saved with the reply.</summary>
    public void AddTo(WarblerDbContext db)
    {
        lock (_lock)
        {
            db.ToolSteps.AddRange(_steps);
        }
    }
}
