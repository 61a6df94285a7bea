using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Events;
using Warbler.Chat.Knowledge;
using Warbler.Chat.Logging;
using Warbler.Chat.Messages;
using Warbler.Chat.Tools;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Replies;

/// <summary>
/// Writes one bot reply: builds its context, streams the model's answer to the room as it comes,
/// and stores the reply as it ended — complete, stopped (keeping what was written) or failed (with
/// a reason people understand). A reply that ends while the database is out of reach is stored
/// once it is back: its text exists nowhere else.
/// </summary>
internal sealed class ReplyWriter(
    WarblerDbContext db, ContextBuilder contextBuilder, KnowledgeRetriever knowledge, ReplyModel model, ChatEvents events, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<ReplyWriter> logger, ReplyTools tools)
{
    public async Task WriteAsync(ReplyJob job, CancellationToken cancellationToken)
    {
        var reply = await db.Messages.SingleOrDefaultAsync(m => m.Id == job.ReplyId, CancellationToken.None);
        var room = await db.Rooms.Include(r => r.Bots).SingleOrDefaultAsync(r => r.Id == job.RoomId, CancellationToken.None);
        var bot = await db.Bots.AsNoTracking().SingleOrDefaultAsync(b => b.Id == job.BotId, CancellationToken.None);
        if (reply is null || room is null)
        {
            return; // Deleted meanwhile.
        }

        var text = new StringBuilder();
        ReplyFailure? failed = null;
        RetrievedKnowledge? found = null;
        try
        {
            if (bot is null)
            {
                throw new ReplyFailedException("This bot has been deleted.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            var instructions = room.Bots.Find(b => b.BotId == bot.Id)?.Instructions;
            found = await knowledge.RetrieveAsync(db, bot, reply, job.RequestedBy, job.TriggerId, cancellationToken);
            var prompt = await contextBuilder.BuildAsync(db, room, bot, instructions, job.TriggerId, cancellationToken, found?.Prompt);
            var toolbox = await tools.OpenAsync(db, bot.Id, room.Id, reply.Id, reply.Version, cancellationToken);
            var result = await model.StreamAsync(bot, prompt, job, delta =>
            {
                text.Append(delta);
                events.Publish(new MessageDelta(room.Id, reply.Id, delta));
            }, cancellationToken, toolbox);
            (reply.Status, reply.Error) = result.Stopped ? StoppedOrCutOff(job) : (MessageStatus.Complete, null);
            reply.Model = result.Model;
            reply.PromptTokens = result.PromptTokens;
            reply.CompletionTokens = result.CompletionTokens;
            reply.TokensEstimated = result.Estimated;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the model was called.
            (reply.Status, reply.Error) = StoppedOrCutOff(job);
        }
        catch (ReplyFailedException failure)
        {
            reply.Status = MessageStatus.Failed;
            reply.Error = failure.Message;
            failed = failure.Failure;
        }

        reply.Text = text.ToString();
        tools.AddStepsTo(db);
        reply.UpdatedAt = room.LastActivityAt = time.GetUtcNow().UtcDateTime;
        KnowledgeRetriever.RecordSources(db, reply, found);

        // Until it is stored, the room sees the reply as still being written. If the server stops
        // first, the reply is marked failed when it starts again (UnfinishedReplies).
        ParticipantNames? names = null;
        await StorageRetry.WhileUnavailableAsync(
            async () =>
            {
                await SerialWrites.RunAsync(db, () => db.SaveChangesAsync(CancellationToken.None));
                names = await ParticipantNames.LoadAsync(db, [reply], CancellationToken.None);
            },
            (failure, pause) => ChatLog.ReplyNotStored(logger, reply.Id, failure.GetBaseException().Message, pause),
            time,
            lifetime.ApplicationStopping);
        events.Publish(new MessageCompleted(names!.Describe(reply), failed));
    }

    /// <summary>A person's stop keeps the reply as written; a server shutting down leaves it failed, to regenerate.</summary>
    private (MessageStatus, string?) StoppedOrCutOff(ReplyJob job) =>
        lifetime.ApplicationStopping.IsCancellationRequested && !job.Stop.IsCancellationRequested
            ? (MessageStatus.Failed, "The server restarted while this reply was being written. Regenerate it to try again.")
            : (MessageStatus.Stopped, null);
}

/// <summary>A reply that could not be written, with the reason in words for the people in the room, and its kind for APIs.</summary>
internal sealed class ReplyFailedException(string message, ReplyFailure? failure = null) : Exception(message)
{
    public ReplyFailure? Failure { get; } = failure;
}
