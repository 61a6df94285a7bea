using System.Collections.Concurrent;

namespace Warbler.Bench.Im;

/// <summary>
/// What the soak's clients met, each with its time in seconds after the soak's start: every
/// refusal (with its error) and every success of an operation, to be set against the fault windows.
/// </summary>
internal sealed class SoakLog(long start)
{
    public const string HubSend = "hub sends";
    public const string BotReply = "bot replies";
    public const string Reconnection = "reconnections";

    private readonly ConcurrentQueue<SoakIncident> _entries = new();

    public long Start { get; } = start;

    public double Now => Clock.SecondsSince(Start);

    /// <summary>Seconds after the soak's start of a <see cref="Clock"/> timestamp.</summary>
    public double At(long timestamp) => Clock.Ms(Start, timestamp) / 1000;

    public void Refused(string operation, string error, double? at = null) => _entries.Enqueue(new SoakIncident(operation, at ?? Now, error));

    public void Succeeded(string operation, double? at = null) => _entries.Enqueue(new SoakIncident(operation, at ?? Now, null));

    public IReadOnlyList<SoakIncident> Entries => [.. _entries];
}

/// <summary>An operation that succeeded (no <see cref="Error"/>) or was refused, <see cref="At"/> seconds after the soak's start.</summary>
internal sealed record SoakIncident(string Operation, double At, string? Error);
