using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Logging;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Replies;

/// <summary>
/// At start: replies still marked as being written were cut off when the server last stopped; they
/// are marked failed, with what was written kept, so nobody waits for them.
/// </summary>
internal sealed class UnfinishedReplies(IServiceScopeFactory scopes, TimeProvider time, ILogger<UnfinishedReplies> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var count = await db.Messages
            .Where(m => m.Status == MessageStatus.Streaming)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Status, MessageStatus.Failed)
                    .SetProperty(m => m.UpdatedAt, now)
                    .SetProperty(m => m.Error, "The server stopped while this reply was being written. Regenerate it to try again."),
                cancellationToken);
        if (count > 0)
        {
            ChatLog.UnfinishedRepliesFailed(logger, count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
