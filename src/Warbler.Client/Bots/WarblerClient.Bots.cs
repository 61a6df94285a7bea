using Warbler.Contracts.Bots;
using Warbler.Client.Json;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    /// <summary>Every bot, by handle (<c>GET /api/bots</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bots.</returns>
    public async Task<IReadOnlyList<Bot>> ListBotsAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/bots", WarblerJsonContext.Default.ListBot, cancellationToken).ConfigureAwait(false);

    /// <summary>One bot (<c>GET /api/bots/{id}</c>).</summary>
    /// <param name="botId">The bot's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bot.</returns>
    /// <exception cref="Errors.WarblerApiException">404 when there is no such bot.</exception>
    public Task<Bot> GetBotAsync(Guid botId, CancellationToken cancellationToken = default) =>
        GetAsync($"api/bots/{botId}", WarblerJsonContext.Default.Bot, cancellationToken);
}
