namespace Warbler.Bench.Im;

/// <summary>
/// (d) The server's RSS with no connection open (after the warm-up, settled) and with every
/// connection open and idle (settled); the difference divided by the connections.
/// </summary>
internal sealed record IdleMemoryResult(int Connections, long RssBeforeKb, long RssAfterKb, List<long> SamplesBefore, List<long> SamplesAfter)
{
    public double KbPerConnection => Connections > 0 ? (RssAfterKb - RssBeforeKb) / (double)Connections : 0;
}
