using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Logging;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Gateway.Configuration;

namespace Warbler.Chat.Bots;

/// <summary>
/// At start, after the database is migrated: creates the default bot, <c>@assistant</c>, unless a
/// bot has that handle. It is never changed here afterwards; admins change it with PATCH.
/// </summary>
internal sealed class DefaultBotCreator(
    IServiceProvider services, IOptions<ChatOptions> chat, IOptions<ProviderSettings> providers, TimeProvider time, ILogger<DefaultBotCreator> logger)
    : IHostedService
{
    public const string Handle = "assistant";

    public const string SystemPrompt = "You are a helpful assistant.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        if (await db.Bots.AnyAsync(b => b.Handle == Handle, cancellationToken))
        {
            return;
        }

        var (model, source) = DefaultBotModel.Choose(chat.Value.DefaultModel, providers.Value);
        var now = time.GetUtcNow();
        db.Bots.Add(new Bot
        {
            Id = Guid.CreateVersion7(now),
            Name = "Assistant",
            Handle = Handle,
            Model = model,
            SystemPrompt = SystemPrompt,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another node starting at the same time created it first.
            if (await db.Bots.AsNoTracking().AnyAsync(b => b.Handle == Handle, cancellationToken))
            {
                return;
            }

            throw;
        }

        ChatLog.DefaultBotCreated(logger, Handle, model, source);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
