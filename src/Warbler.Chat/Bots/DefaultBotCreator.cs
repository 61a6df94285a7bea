using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Configuration;
using Warbler.Chat.Logging;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Gateway.Providers;

namespace Warbler.Chat.Bots;

/// <summary>
/// At start, after the database is migrated and the stored providers are loaded: creates the
/// default bot, <c>@assistant</c>, unless a bot has that handle. Otherwise it is left as it is,
/// with one exception: created on the <c>demo</c> model (no provider existed then) and never
/// changed since, it moves to the model it would be created with now that a real provider exists,
/// so setting <c>OPENAI_API_KEY</c> and restarting is all it takes; a provider added through the
/// admin API moves it at once. Admins change it with PATCH.
/// </summary>
internal sealed class DefaultBotCreator(
    IServiceProvider services, IOptions<ChatOptions> chat, IProviderDirectory providers, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<DefaultBotCreator> logger)
    : IHostedService
{
    public const string Handle = "assistant";

    public const string SystemPrompt = "You are a helpful assistant.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        providers.Changed += OnProvidersChanged;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        if (await db.Bots.AnyAsync(b => b.Handle == Handle, cancellationToken))
        {
            await MoveOffDemoAsync(db, cancellationToken);
            return;
        }

        var (model, source) = DefaultBotModel.Choose(chat.Value.DefaultModel, providers.RealProviders());
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

    public Task StopAsync(CancellationToken cancellationToken)
    {
        providers.Changed -= OnProvidersChanged;
        return Task.CompletedTask;
    }

    // Runs under the registry's lock: only starts the move, elsewhere.
    private void OnProvidersChanged()
    {
        var stopping = lifetime.ApplicationStopping;
        if (!providers.IsDemo && !stopping.IsCancellationRequested)
        {
            _ = Task.Run(() => MoveOffDemoNowAsync(stopping), CancellationToken.None);
        }
    }

    private async Task MoveOffDemoNowAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await MoveOffDemoAsync(scope.ServiceProvider.GetRequiredService<WarblerDbContext>(), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            ChatLog.DefaultBotNotMovedOffDemo(logger, Handle, e.Message);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The server is stopping; the next start moves it.
        }
    }

    /// <summary>Moves the default bot to the model it would be created with now, if it is still untouched on the demo and a real provider exists.</summary>
    private async Task MoveOffDemoAsync(WarblerDbContext db, CancellationToken cancellationToken)
    {
        var (model, source) = DefaultBotModel.Choose(chat.Value.DefaultModel, providers.RealProviders());
        if (providers.IsDemo || model == IProviderDirectory.DemoModel)
        {
            return;
        }

        // The condition is the whole test, so an admin's change made meanwhile (or another node's move) is kept.
        var moved = await db.Bots
            .Where(b => b.Handle == Handle && b.Model == IProviderDirectory.DemoModel && b.UpdatedAt == b.CreatedAt)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.Model, model), cancellationToken);
        if (moved > 0)
        {
            ChatLog.DefaultBotMovedOffDemo(logger, Handle, model, source);
        }
    }
}
