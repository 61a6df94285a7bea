namespace Warbler.Bench.Im;

/// <summary>What a chat load run measured and found; written as chatload.json.</summary>
internal sealed class ChatLoadResult
{
    public int Users { get; init; }

    public int RoomSize { get; init; }

    public int Rate { get; init; }

    public double DurationSeconds { get; init; }

    public int BotEvery { get; init; }

    public bool Killed { get; init; }

    /// <summary>Each start's seconds from launch to the first answer, as bench/im.sh measured them.</summary>
    public List<double> StartSeconds { get; } = [];

    public double ConnectSeconds { get; set; }

    public double SendSeconds { get; set; }

    public int Sent { get; set; }

    public int Acked { get; set; }

    /// <summary>Acknowledgement latency of every send but those caught by the kill.</summary>
    public Percentiles Overall { get; set; } = Percentiles.Empty;

    /// <summary>Of the sends in the first 10 s after the server's start.</summary>
    public Percentiles FirstSeconds { get; set; } = Percentiles.Empty;

    /// <summary>Of the sends in the first 10 s after the restart that followed the kill.</summary>
    public Percentiles? AfterRestart { get; set; }

    /// <summary>Of the sends waiting while the server was down: retried until acknowledged.</summary>
    public Percentiles? CaughtByKill { get; set; }

    public List<string> Slowest { get; set; } = [];

    public List<string> Failed { get; set; } = [];

    public List<string> Lost { get; set; } = [];

    public List<string> Doubled { get; set; } = [];

    /// <summary>Stored although never acknowledged (the server died between the commit and the answer): not lost, and not doubled by the retry.</summary>
    public int StoredUnacknowledged { get; set; }

    /// <summary>Bot replies by status.</summary>
    public Dictionary<string, int> Replies { get; set; } = [];

    public List<string> Errors { get; } = [];

    public string? Aborted { get; set; }

    public bool Passed => Aborted is null && Errors.Count == 0 && Failed.Count == 0 && Lost.Count == 0 && Doubled.Count == 0 && Replies.GetValueOrDefault("streaming") == 0;
}
