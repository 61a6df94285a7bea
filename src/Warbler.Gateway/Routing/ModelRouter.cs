using Warbler.Gateway.Errors;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Routing;

/// <summary>
/// Orders the providers that serve a model: by priority, then weighted at random among equal
/// priorities; providers cooling down after failures are left out.
/// </summary>
internal sealed class ModelRouter(ProviderRegistry registry, TimeProvider time)
{
    /// <summary>The providers to try, in order; throws 404 for a model nobody serves, 503 when all are cooling down.</summary>
    public IReadOnlyList<Provider> Route(string model)
    {
        List<Provider>? serving = null;
        List<Provider>? coolingDown = null;
        foreach (var provider in registry.Providers)
        {
            if (!provider.Serves(model))
            {
                continue;
            }

            if (provider.Health.IsCoolingDown)
            {
                (coolingDown ??= []).Add(provider);
            }
            else
            {
                (serving ??= []).Add(provider);
            }
        }

        if (serving is null)
        {
            if (coolingDown is null)
            {
                throw new OpenAIErrorException(OpenAIError.ModelNotFound(model), GatewayErrorKind.ModelNotFound);
            }

            var soonest = coolingDown.Min(p => p.Health.CoolingDownUntil!.Value);
            throw new OpenAIErrorException(OpenAIError.Unavailable(
                $"Every provider of '{model}' is cooling down after repeated failures ({Describe(coolingDown)}). Try again after {soonest:O}."),
                GatewayErrorKind.ProvidersUnavailable)
            {
                RetryAfter = soonest - time.GetUtcNow(),
            };
        }

        return serving.Count == 1 ? serving : Order(serving);
    }

    private static List<Provider> Order(List<Provider> providers)
    {
        var ordered = new List<Provider>(providers.Count);
        foreach (var group in providers.GroupBy(p => p.Priority).OrderBy(g => g.Key))
        {
            var remaining = group.ToList();
            while (remaining.Count > 0)
            {
                var pick = PickWeighted(remaining);
                ordered.Add(remaining[pick]);
                remaining.RemoveAt(pick);
            }
        }

        return ordered;
    }

    private static int PickWeighted(List<Provider> providers)
    {
        var total = providers.Sum(p => p.Weight);
        var roll = Random.Shared.Next(total);
        for (var i = 0; i < providers.Count; i++)
        {
            roll -= providers[i].Weight;
            if (roll < 0)
            {
                return i;
            }
        }

        return providers.Count - 1;
    }

    private static string Describe(List<Provider> providers) =>
        string.Join("; ", providers.Select(p => $"{p.Name}: {p.Health.LastError}"));
}
