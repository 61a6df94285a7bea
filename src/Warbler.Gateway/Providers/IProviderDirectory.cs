namespace Warbler.Gateway.Providers;

/// <summary>
/// What the rest of Warbler may know of the providers in force (Chat's bots check and choose models
/// with it); the registry behind it stays the gateway's own.
/// </summary>
public interface IProviderDirectory
{
    /// <summary>The one model the built-in demo provider answers as.</summary>
    const string DemoModel = DemoProvider.Model;

    /// <summary>True while the built-in demo is the only provider, standing in for every model.</summary>
    bool IsDemo { get; }

    /// <summary>True when a provider in force would be sent <paramref name="model"/>: named in its models or aliases, or it serves any model.</summary>
    bool Serves(string model);

    /// <summary>The models and aliases the providers in force name, each once, in ordinal order.</summary>
    IReadOnlyList<string> NamedModels();

    /// <summary>The providers in force other than the demo: configured, and stored ones that are enabled.</summary>
    IReadOnlyList<ProviderChoice> RealProviders();

    /// <summary>Raised after the providers in force changed, under the registry's lock: handlers only start their work.</summary>
    event Action? Changed;
}
