using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Data.Responses;

namespace Warbler.Gateway.Responses.Storage;

/// <summary>
/// Stored responses in the database, with the ones not yet written held in memory: a save costs its
/// caller a dictionary insert, and <see cref="ResponseStoreWriter"/> writes them in batches. Reads
/// look in memory first, so the client's next request finds a response it has only just received.
/// </summary>
internal sealed class ResponseStore(
    IServiceScopeFactory scopes, ClusterNotices cluster, IOptions<ResponseStorageOptions> options, TimeProvider time) : IResponseStore
{
    private readonly ConcurrentDictionary<string, PendingResponse> _pending = new(StringComparer.Ordinal);
    private readonly Channel<PendingResponse> _queue = Channel.CreateUnbounded<PendingResponse>(new() { SingleReader = true });
    private readonly Lock _settling = new();

    /// <summary>The writer's queue.</summary>
    public ChannelReader<PendingResponse> Queue => _queue.Reader;

    /// <summary>Responses saved and not yet written.</summary>
    public int Pending => _pending.Count;

    public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (response.CreatedAt == default)
        {
            response.CreatedAt = now;
        }

        response.ExpiresAt = now + options.Value.Retention;
        var pending = new PendingResponse(response);
        _pending[response.Id] = pending;
        if (!_queue.Writer.TryWrite(pending))
        {
            // The server is stopping and the writer has finished: this one is written alone.
            _ = WriteAloneAsync(pending);
        }

        // Another server may take the client's next request: it must find the response in the database.
        return cluster.ReachesOtherServers ? pending.Settled.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    public async Task<StoredResponse?> FindAsync(string id, Guid keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_pending.TryGetValue(id, out var pending))
        {
            return Visible(pending, keyId, now) ? pending.Response : null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        return await db.StoredResponses.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == id && r.KeyId == keyId && r.ExpiresAt > now, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, Guid keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        PendingResponse? pending = null;
        lock (_settling)
        {
            if (_pending.TryGetValue(id, out var found))
            {
                if (!Visible(found, keyId, now))
                {
                    return false;
                }

                // Hidden at once; stays in memory (so the database's copy, if written meanwhile, is not found) until deleted there.
                found.Deleted = true;
                pending = found;
            }
        }

        // Once hidden, the delete is finished even if the client goes: a row left behind would come back after a restart.
        if (pending is not null)
        {
            await pending.Settled.Task;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var deleted = await SerialWrites.RunAsync(db, () =>
            db.StoredResponses.Where(r => r.Id == id && r.KeyId == keyId && r.ExpiresAt > now).ExecuteDeleteAsync(pending is null ? cancellationToken : CancellationToken.None));
        if (pending is not null)
        {
            _pending.TryRemove(new KeyValuePair<string, PendingResponse>(id, pending));
            return true;
        }

        return deleted > 0;
    }

    public async Task<ResponseConversation?> CollectConversationAsync(string previousResponseId, Guid keyId, CancellationToken cancellationToken)
    {
        var chain = new List<StoredResponse>();
        var next = previousResponseId;
        var truncated = false;
        while (next is not null)
        {
            if (chain.Count == options.Value.MaxConversationDepth)
            {
                truncated = true;
                break;
            }

            var response = await FindAsync(next, keyId, cancellationToken);
            if (response is null || chain.Exists(r => r.Id == response.Id))
            {
                // The first is required; one further back that is gone (or a loop) ends the conversation there.
                truncated = chain.Count > 0;
                break;
            }

            chain.Add(response);
            next = response.PreviousResponseId;
        }

        if (chain.Count == 0)
        {
            return null;
        }

        chain.Reverse();
        var items = new List<JsonElement>();
        foreach (var response in chain)
        {
            items.AddRange(StoredItems.Input(response, withIds: false).Select(item => JsonSerializer.SerializeToElement(item)));
            items.AddRange(StoredItems.Output(response));
        }

        return new ResponseConversation(chain, items, truncated);
    }

    /// <summary>Writes a batch taken from <see cref="Queue"/>; those deleted meanwhile are skipped.</summary>
    public async Task WriteAsync(IReadOnlyList<PendingResponse> batch, CancellationToken cancellationToken)
    {
        var toWrite = batch.Where(p => !p.Deleted).Select(p => p.Response).ToList();
        if (toWrite.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            db.StoredResponses.AddRange(toWrite);
            await SerialWrites.RunAsync(db, () => db.SaveChangesAsync(cancellationToken));
        }
    }

    /// <summary>Called once the writer is done with a batch: what is written is read from the database from now on.</summary>
    public void Settle(IReadOnlyList<PendingResponse> batch)
    {
        lock (_settling)
        {
            foreach (var pending in batch)
            {
                // A deleted one stays until its delete has run (see DeleteAsync).
                if (!pending.Deleted)
                {
                    _pending.TryRemove(new KeyValuePair<string, PendingResponse>(pending.Response.Id, pending));
                }

                pending.Settled.TrySetResult();
            }
        }
    }

    /// <summary>No more saves go through the queue (the server is stopping).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task WriteAloneAsync(PendingResponse pending)
    {
        try
        {
            await WriteAsync([pending], CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or OperationCanceledException || StorageFailure.IsUnavailable(exception))
        {
            // Nothing to tell: the server is stopping, and the client had its answer.
        }
        finally
        {
            Settle([pending]);
        }
    }

    private static bool Visible(PendingResponse pending, Guid keyId, DateTime now) =>
        !pending.Deleted && pending.Response.KeyId == keyId && pending.Response.ExpiresAt > now;
}
