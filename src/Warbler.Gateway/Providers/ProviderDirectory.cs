namespace Warbler.Gateway.Providers;

/// <summary>The <see cref="IProviderDirectory"/> read from the registry's current snapshot.</summary>
internal sealed class ProviderDirectory : IProviderDirectory
{
    private readonly ProviderRegistry _registry;

    public ProviderDirectory(ProviderRegistry registry)
    {
        _registry = registry;
        registry.Changed += _ => Changed?.Invoke();
    }

    public event Action? Changed;

    public bool IsDemo => _registry.Snapshot.IsDemo;

    public bool Serves(string model) => _registry.Snapshot.Serves(model);

    public IReadOnlyList<string> NamedModels() =>
        _registry.Snapshot.Providers.SelectMany(p => p.Models.Concat(p.Aliases.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<ProviderChoice> RealProviders() =>
        _registry.Snapshot.Entries
            .Where(e => e.Live is not null && e.Definition.Source != ProviderSource.Demo)
            .Select(e => new ProviderChoice(e.Definition.Name, e.Definition.Options.Priority, e.Definition.Options.Weight, e.Definition.Options.Models))
            .ToList();
}
