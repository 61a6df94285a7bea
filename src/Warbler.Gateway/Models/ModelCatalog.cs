using System.Runtime.CompilerServices;
using System.Text.Json;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Models;

/// <summary>
/// The models of all providers: the configured lists, and for providers that serve any model,
/// the upstream's own list, cached. A provider whose list cannot be fetched keeps its last one.
/// Lists are cached per provider object, so a provider replaced or removed at run time takes
/// its list with it and its successor fetches its own.
/// </summary>
internal sealed class ModelCatalog(ProviderRegistry registry, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ModelCatalog> logger)
{
    private readonly ConditionalWeakTable<Provider, CachedList> _upstreamLists = [];

    /// <summary>Every model once, in provider priority order.</summary>
    public async Task<IReadOnlyList<ModelInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var models = new List<ModelInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in registry.Providers.OrderBy(p => p.Priority))
        {
            var served = provider.ServesAnyModel
                ? await UpstreamListAsync(provider, cancellationToken)
                : provider.Models.Order(StringComparer.Ordinal).Select(id => new ModelInfo(id, 0, provider.Name)).ToList();
            var capabilities = ProviderCapabilities.Listed(provider);
            models.AddRange(served.Where(model => seen.Add(model.Id)).Select(model => capabilities is null ? model : model with { Capabilities = capabilities }));
            models.AddRange(provider.Aliases.Keys.Order(StringComparer.Ordinal).Where(seen.Add).Select(alias => new ModelInfo(alias, 0, provider.Name) { Capabilities = capabilities }));
        }

        return models;
    }

    private async Task<IReadOnlyList<ModelInfo>> UpstreamListAsync(Provider provider, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _upstreamLists.TryGetValue(provider, out var cached);
        if (cached is not null && now - cached.FetchedAt < options.Value.ModelListCacheDuration)
        {
            return cached.Models;
        }

        try
        {
            using var timeout = new CancellationTokenSource(provider.Timeouts.FirstByte, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var request = provider.CreateRequest(UpstreamOperation.Models, null, null);
            using var response = await provider.Invoker.SendAsync(request, linked.Token);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: linked.Token);
            var models = Parse(document.RootElement, provider.Name);
            _upstreamLists.AddOrUpdate(provider, new CachedList(now, models));
            return models;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            GatewayLog.ModelListFailed(logger, provider.Name, exception.Message);
            return cached?.Models ?? [];
        }
    }

    /// <summary>The models of an OpenAI-style <c>/models</c> answer (<c>{"data":[{"id":…},…]}</c>).</summary>
    internal static List<ModelInfo> Parse(JsonElement root, string providerName)
    {
        var models = new List<ModelInfo>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return models;
        }

        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                var created = item.TryGetProperty("created", out var c) && c.TryGetInt64(out var value) ? value : 0;
                var ownedBy = item.TryGetProperty("owned_by", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : providerName;
                models.Add(new ModelInfo(id.GetString()!, created, ownedBy));
            }
        }

        return models;
    }

    private sealed record CachedList(DateTimeOffset FetchedAt, IReadOnlyList<ModelInfo> Models);
}
