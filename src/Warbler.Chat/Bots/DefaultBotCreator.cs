using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Logging;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Providers.Demo;

namespace Warbler.Chat.Bots;

/// <summary>
/// At start, after the database is migrated and the stored providers are loaded: creates the
/// default bot, <c>@assistant</c>, unless a bot has that handle. Otherwise it is left as it is,
/// with one exception: created on the <c>demo</c> model (no provider existed then) and never
/// changed since, it moves to the model it would be created with now that a real provider exists,
/// so setting <c>OPENAI_API_KEY</c> and restarting is all it takes. Admins change it with PATCH.
/// </summary>
internal sealed class DefaultBotCreator(
    IServiceProvider services, IOptions<ChatOptions> chat, ProviderRegistry providers, TimeProvider time, ILogger<DefaultBotCreator> logger)
    : IHostedService
{
    public const string Handle = "assistant";

    public const string SystemPrompt = "You are a helpful assistant.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var (model, source) = DefaultBotModel.Choose(chat.Value.DefaultModel, RealProviders());
        if (await db.Bots.AsNoTracking().FirstOrDefaultAsync(b => b.Handle == Handle, cancellationToken) is { } existing)
        {
            await MoveOffDemoAsync(db, existing, model, source, cancellationToken);
            return;
        }

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

    /// <summary>The providers in force other than the demo: configured, and stored ones that are enabled.</summary>
    private IEnumerable<(string Name, Gateway.Configuration.ProviderOptions Options)> RealProviders() =>
        providers.Snapshot.Entries
            .Where(e => e.Live is not null && e.Definition.Source != ProviderSource.Demo)
            .Select(e => (e.Definition.Name, e.Definition.Options));

    private async Task MoveOffDemoAsync(WarblerDbContext db, Bot bot, string model, string source, CancellationToken cancellationToken)
    {
        if (bot.Model != DemoProvider.Model || bot.UpdatedAt != bot.CreatedAt || providers.Snapshot.IsDemo || model == DemoProvider.Model)
        {
            return;
        }

        // Conditional, so an admin's change made meanwhile (or another node's move) is kept.
        var moved = await db.Bots
            .Where(b => b.Id == bot.Id && b.Model == DemoProvider.Model && b.UpdatedAt == b.CreatedAt)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.Model, model), cancellationToken);
        if (moved > 0)
        {
            ChatLog.DefaultBotMovedOffDemo(logger, Handle, model, source);
        }
    }
}
