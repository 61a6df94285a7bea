namespace Warbler.Bench.Im;

/// <summary>Everything one run measured, written to results.json as it is.</summary>
internal sealed class BenchResults
{
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public required string Server { get; init; }

    public required int Members { get; init; }

    public required int Idle { get; init; }

    public required int BotMembers { get; init; }

    public required string Scenarios { get; init; }

    public string? RunId { get; set; }

    public int Users { get; set; }

    public double SetupSeconds { get; set; }

    public ConnectResult? Connect { get; set; }

    public IdleMemoryResult? IdleMemory { get; set; }

    public DeliveryResult? FanOut { get; set; }

    public int FanOutMessages { get; set; }

    public double FanOutIntervalMs { get; set; }

    public ThroughputResult? Throughput { get; set; }

    public BotResult? Bot { get; set; }

    public SoakResult? Soak { get; set; }

    /// <summary>CPU used by the tool and the server in each phase (connect, fanout, throughput, bot).</summary>
    public Dictionary<string, CpuUse> Cpu { get; } = [];

    public long? RssAtStartKb { get; set; }

    public long? RssAtEndKb { get; set; }

    /// <summary>Hub events whose message could not be read (no roomId or id).</summary>
    public long UnreadableEvents { get; set; }

    /// <summary>What makes the run fail: failed connections or sends, missing or doubled deliveries, incomplete bot streams.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Set when the run stopped before measuring everything.</summary>
    public string? Aborted { get; set; }
}
