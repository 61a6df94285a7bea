namespace Warbler.Gateway.Providers;

/// <summary>
/// A real provider in force, as much as choosing a default model needs: its name, priority and
/// weight as configured, and the models it lists (empty when it serves any model).
/// </summary>
public sealed record ProviderChoice(string Name, int Priority, int Weight, IReadOnlyList<string> Models);
