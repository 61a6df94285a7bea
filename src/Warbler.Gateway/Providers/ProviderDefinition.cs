using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Providers;

/// <summary>
/// One provider as it is defined, in force or not. <see cref="ProviderOptions.ApiKey"/> holds its
/// key in memory (it is never serialized); <see cref="Problem"/> says why a stored provider
/// cannot be used, such as a key that can no longer be decrypted.
/// </summary>
internal sealed record ProviderDefinition(
    string Name,
    ProviderSource Source,
    ProviderOptions Options,
    bool Enabled,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? UpdatedAt = null,
    string? Problem = null)
{
    public bool HasApiKey => !string.IsNullOrEmpty(Options.ApiKey);

    /// <summary>True when a provider built from <paramref name="other"/> would behave exactly like one built from this.</summary>
    public bool SameAs(ProviderDefinition other) =>
        Enabled == other.Enabled
        && Problem == other.Problem
        && string.Equals(Options.ApiKey ?? "", other.Options.ApiKey ?? "", StringComparison.Ordinal)
        && StoredProviderSettings.Serialize(Options) == StoredProviderSettings.Serialize(other.Options);
}

/// <summary>A provider as the registry lists it: its definition, and the provider serving requests when it is in force.</summary>
internal sealed record ProviderEntry(ProviderDefinition Definition, Provider? Live);

/// <summary>One immutable state of the registry; replaced whole on every change, so readers never lock.</summary>
internal sealed class ProviderSnapshot(IReadOnlyList<Provider> providers, IReadOnlyList<ProviderEntry> entries)
{
    /// <summary>The providers serving requests.</summary>
    public IReadOnlyList<Provider> Providers { get; } = providers;

    /// <summary>Every provider in force or stored, the demo included while it is active.</summary>
    public IReadOnlyList<ProviderEntry> Entries { get; } = entries;

    /// <summary>True while the built-in demo is the only provider, standing in for every model.</summary>
    public bool IsDemo => Entries.Count == 1 && Entries[0].Definition.Source == ProviderSource.Demo;

    /// <summary>True when a provider in force would be sent <paramref name="model"/>: named in its models or aliases, or it serves any model.</summary>
    public bool Serves(string model) => Providers.Any(p => p.Serves(model));

    public ProviderEntry? Find(string name) =>
        Entries.FirstOrDefault(e => e.Definition.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
