using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Warbler.Chat.UserQuotas;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Data.Knowledge;
using Warbler.Data.Rooms;
using Warbler.Gateway.Errors;
using Warbler.Gateway.InProcess;
using Warbler.Gateway.Usage;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// Finds what a bot with knowledge bases is given to answer from: the question (with a little of
/// the talk before it) is embedded through the gateway, charged to the bot and the user the reply
/// is for like the reply itself, and the closest passages that fit the bot's context are returned
/// with their sources.
/// </summary>
internal sealed class KnowledgeRetriever(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IVectorStore store,
    TokenCounter counter,
    IOptions<KnowledgeOptions> options,
    IOptions<UserLimitsOptions> userLimits,
    TimeProvider time,
    ILogger<KnowledgeRetriever> logger)
{
    /// <summary>
    /// The passages for <paramref name="reply"/> to <paramref name="triggerId"/>, or null when the bot has no knowledge or nothing close
    /// enough. The sources of an earlier version of the reply are removed (tracked, saved with the reply).
    /// </summary>
    public async Task<RetrievedKnowledge?> RetrieveAsync(WarblerDbContext db, Bot bot, Message reply, Guid userId, long triggerId, CancellationToken cancellationToken)
    {
        if (reply.Version > 1)
        {
            db.MessageSources.RemoveRange(await db.MessageSources.Where(s => s.MessageId == reply.Id).ToListAsync(cancellationToken));
        }

        var replyId = reply.Id;
        var bases = await (
            from link in db.BotKnowledgeBases.AsNoTracking()
            join knowledgeBase in db.KnowledgeBases on link.KnowledgeBaseId equals knowledgeBase.Id
            where link.BotId == bot.Id
            select new { knowledgeBase.Id, knowledgeBase.EmbeddingModel }).ToListAsync(cancellationToken);
        if (bases.Count == 0)
        {
            return null;
        }

        var settings = options.Value;
        var question = await QuestionAsync(db, triggerId, settings.QueryContextMessages, cancellationToken);
        if (question.Length == 0)
        {
            return null;
        }

        var hits = new List<VectorHit>();
        foreach (var sameModel in bases.GroupBy(b => b.EmbeddingModel, StringComparer.Ordinal))
        {
            var caller = new GatewayCaller(
                userId,
                bot.Id,
                $"retrieve_{replyId.ToString(CultureInfo.InvariantCulture)}_{Guid.CreateVersion7(time.GetUtcNow()):N}",
                userLimits.Value.ToKeyLimits());
            float[] vector;
            try
            {
                var embeddings = await generator.GenerateAsync([question], new EmbeddingGenerationOptions { ModelId = sameModel.Key }.WithEmbeddingCaller(caller), cancellationToken);
                vector = embeddings[0].Vector.ToArray();
            }
            catch (OpenAIErrorException failure)
            {
                KnowledgeLog.RetrievalFailed(logger, bot.Id, sameModel.Key, failure.Message);
                continue;
            }

            hits.AddRange(await store.SearchAsync([.. sameModel.Select(b => b.Id)], vector, settings.TopK, cancellationToken));
        }

        var best = hits.Where(h => h.Score >= settings.MinScore).OrderByDescending(h => h.Score).Take(settings.TopK).ToList();
        if (best.Count == 0)
        {
            return null;
        }

        var ids = best.Select(h => h.ChunkId).ToList();
        var chunks = await (
            from chunk in db.KnowledgeChunks.AsNoTracking()
            join document in db.KnowledgeDocuments on chunk.DocumentId equals document.Id
            where ids.Contains(chunk.Id)
            select new { chunk.Id, chunk.DocumentId, document.FileName, chunk.HeadingPath, chunk.Text }).ToDictionaryAsync(c => c.Id, cancellationToken);

        // Passages go in best first while they fit their share of the bot's context.
        var budget = (int)(bot.ContextBudget * settings.MaxContextShare) - counter.Count(bot.Model, KnowledgePrompt.Introduction);
        var passages = new List<string>();
        var sources = new List<MessageSource>();
        foreach (var hit in best)
        {
            if (!chunks.TryGetValue(hit.ChunkId, out var chunk))
            {
                continue; // Deleted since it was searched.
            }

            var passage = KnowledgePrompt.Passage(sources.Count + 1, chunk.FileName, chunk.HeadingPath, chunk.Text);
            var cost = counter.Count(bot.Model, passage) + 2;
            if (cost > budget)
            {
                break;
            }

            budget -= cost;
            passages.Add(passage);
            sources.Add(new MessageSource
            {
                Index = sources.Count + 1,
                DocumentId = chunk.DocumentId,
                DocumentName = chunk.FileName,
                ChunkId = chunk.Id,
                Heading = chunk.HeadingPath,
                Passage = chunk.Text.Length <= KnowledgeLimits.PassageMaxLength ? chunk.Text : string.Concat(chunk.Text.AsSpan(0, KnowledgeLimits.PassageMaxLength - 1), "…"),
                Score = Math.Round(hit.Score, 4),
            });
        }

        return sources.Count == 0 ? null : new RetrievedKnowledge(KnowledgePrompt.Of(passages), sources);
    }

    /// <summary>Adds the sources of a reply as it is written, to be saved with it; a reply that failed has none.</summary>
    public static void RecordSources(WarblerDbContext db, Message reply, RetrievedKnowledge? found)
    {
        if (found is not null && reply.Status != MessageStatus.Failed)
        {
            foreach (var source in found.Sources)
            {
                source.MessageId = reply.Id;
                db.MessageSources.Add(source);
            }
        }
    }

    /// <summary>The message answered, after a few messages before it, newest last.</summary>
    private static async Task<string> QuestionAsync(WarblerDbContext db, long triggerId, int earlier, CancellationToken cancellationToken)
    {
        var trigger = await db.Messages.AsNoTracking().Where(m => m.Id == triggerId).Select(m => new { m.RoomId, m.Text }).SingleOrDefaultAsync(cancellationToken);
        if (trigger is null || string.IsNullOrWhiteSpace(trigger.Text))
        {
            return "";
        }

        var before = earlier == 0
            ? []
            : await db.Messages.AsNoTracking()
                .Where(m => m.RoomId == trigger.RoomId && m.Id < triggerId && (m.Status == MessageStatus.Complete || m.Status == MessageStatus.Stopped) && m.Text != "")
                .OrderByDescending(m => m.Id)
                .Take(earlier)
                .Select(m => m.Text)
                .ToListAsync(cancellationToken);
        before.Reverse();
        return string.Join("\n\n", [.. before, trigger.Text]);
    }
}
