using System.Collections.Concurrent;

namespace Warbler.Bench.Im;

/// <summary>One message the benchmark sent: who sent it and when, and how many members got it.</summary>
internal sealed class Probe(int index, int sender, string clientMessageId)
{
    public int Index { get; } = index;

    /// <summary>The member whose connection sent it; its own copy, if the hub echoes one, is not a delivery.</summary>
    public int Sender { get; } = sender;

    public string ClientMessageId { get; } = clientMessageId;

    /// <summary>Just before <c>SendMessage</c> was invoked.</summary>
    public long SentAt { get; set; }

    /// <summary>When <c>SendMessage</c> returned the stored message; 0 if it failed.</summary>
    public long AckedAt { get; set; }

    /// <summary>The stored message's id, once acknowledged.</summary>
    public long MessageId { get; set; }
}

/// <summary>
/// The messages of one scenario and every <c>messageCreated</c> each member received for them,
/// matched by <c>clientMessageId</c> (the hub may deliver a message before its sender's call returns).
/// Receive times are written by each member's connection and read only after the scenario. A
/// message a member did not get live but found with <c>CatchUp</c> (as a client does after the hub
/// could not reach it) is received too, and counted apart.
/// </summary>
internal sealed class DeliveryBook(Guid roomId, int members)
{
    private readonly ConcurrentDictionary<string, Probe> _byClientId = new(StringComparer.Ordinal);
    private readonly List<Probe> _probes = [];
    private readonly MemberLog[] _logs = Enumerable.Range(0, members).Select(_ => new MemberLog()).ToArray();
    private long _deliveries;
    private long _echoes;

    public Guid RoomId { get; } = roomId;

    public int Members { get; } = members;

    /// <summary>Messages received so far by each member (live or caught up; a doubled one once), not counting a sender's own copies.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    public long Echoes => Interlocked.Read(ref _echoes);

    public IReadOnlyList<Probe> Probes
    {
        get
        {
            lock (_probes)
            {
                return [.. _probes];
            }
        }
    }

    /// <summary>Registers a message before it is sent, so its deliveries can be matched.</summary>
    public Probe Add(int sender, string clientMessageId)
    {
        lock (_probes)
        {
            var probe = new Probe(_probes.Count, sender, clientMessageId);
            _byClientId[clientMessageId] = probe;
            _probes.Add(probe);
            return probe;
        }
    }

    /// <summary>
    /// Waits until every connected member but the sender has each acknowledged message, or until
    /// <paramref name="timeout"/> has passed; returns whether all arrived.
    /// </summary>
    public async Task<bool> WaitForAllAsync(IReadOnlySet<int> connectedMembers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var expected = Probes.Where(p => p.AckedAt != 0)
            .Sum(p => (long)connectedMembers.Count - (connectedMembers.Contains(p.Sender) ? 1 : 0));
        var deadline = Clock.Now() + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (Deliveries < expected)
        {
            if (Clock.Now() > deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    /// <summary>Called from member <paramref name="member"/>'s <c>messageCreated</c> handler.</summary>
    public void Record(int member, Guid roomId, string? clientMessageId, long receivedAt)
    {
        if (roomId != RoomId || clientMessageId is null || member >= Members || !_byClientId.TryGetValue(clientMessageId, out var probe))
        {
            return;
        }

        if (probe.Sender == member)
        {
            Interlocked.Increment(ref _echoes);
            return;
        }

        if (_logs[member].AddLive(probe.Index, receivedAt))
        {
            Interlocked.Increment(ref _deliveries);
        }
    }

    /// <summary>A message member <paramref name="member"/> found with <c>CatchUp</c>; counted if it had not come live and <paramref name="allowed"/> says it may be caught up.</summary>
    public void RecordCaughtUp(int member, string? clientMessageId, Func<Probe, bool> allowed)
    {
        if (clientMessageId is not null && member < Members && _byClientId.TryGetValue(clientMessageId, out var probe)
            && probe.Sender != member && allowed(probe) && _logs[member].AddCaughtUp(probe.Index))
        {
            Interlocked.Increment(ref _deliveries);
        }
    }

    /// <summary>What was received, per (member, message), once the scenario is over.</summary>
    public DeliveryResult Analyse(IReadOnlySet<int> connectedMembers)
    {
        var probes = Probes.Where(p => p.AckedAt != 0).ToList();
        var sent = probes.ToDictionary(p => p.Index);
        var latencies = new List<double>((int)Math.Min(Deliveries, int.MaxValue / 2));
        var lastPerProbe = new Dictionary<int, long>();
        long expected = 0, received = 0, caughtUp = 0, duplicates = 0, firstSend = long.MaxValue, lastReceive = 0;
        foreach (var probe in probes)
        {
            // Every connected member but the sender should get it.
            expected += connectedMembers.Count - (connectedMembers.Contains(probe.Sender) ? 1 : 0);
            firstSend = Math.Min(firstSend, probe.SentAt);
        }

        var seen = new HashSet<int>();
        for (var member = 0; member < Members; member++)
        {
            seen.Clear();
            foreach (var (probeIndex, receivedAt) in _logs[member].Snapshot())
            {
                if (!sent.TryGetValue(probeIndex, out var probe))
                {
                    continue;
                }

                if (!seen.Add(probeIndex))
                {
                    duplicates++;
                    continue;
                }

                received++;
                latencies.Add(Clock.Ms(probe.SentAt, receivedAt));
                lastReceive = Math.Max(lastReceive, receivedAt);
                lastPerProbe[probeIndex] = Math.Max(lastPerProbe.GetValueOrDefault(probeIndex), receivedAt);
            }

            var found = _logs[member].CaughtUp().Count(p => sent.ContainsKey(p) && !seen.Contains(p));
            received += found;
            caughtUp += found;
        }

        var fanOutTimes = lastPerProbe.Select(kv => Clock.Ms(sent[kv.Key].SentAt, kv.Value)).ToList();
        var acks = probes.Select(p => Clock.Ms(p.SentAt, p.AckedAt)).ToList();
        return new DeliveryResult(
            Sent: probes.Count,
            Failed: Probes.Count - probes.Count,
            Expected: expected,
            Received: received,
            CaughtUp: caughtUp,
            Missing: Math.Max(0, expected - received),
            Duplicates: duplicates,
            Echoes: Echoes,
            Latency: Percentiles.Of(latencies),
            FanOutComplete: Percentiles.Of(fanOutTimes),
            Ack: Percentiles.Of(acks),
            Span: probes.Count == 0 || lastReceive == 0 ? 0 : Clock.Ms(firstSend, lastReceive) / 1000.0);
    }

    /// <summary>One member's receipts: (message index, time), and the messages it caught up on. Its connection appends one at a time.</summary>
    private sealed class MemberLog
    {
        private readonly List<(int Probe, long At)> _items = [];
        private readonly HashSet<int> _had = [];
        private readonly List<int> _caughtUp = [];

        /// <summary>Returns whether the member had not had the message yet.</summary>
        public bool AddLive(int probe, long at)
        {
            lock (_items)
            {
                _items.Add((probe, at));
                return _had.Add(probe);
            }
        }

        public bool AddCaughtUp(int probe)
        {
            lock (_items)
            {
                if (!_had.Add(probe))
                {
                    return false;
                }

                _caughtUp.Add(probe);
                return true;
            }
        }

        public List<int> CaughtUp()
        {
            lock (_items)
            {
                return [.. _caughtUp];
            }
        }

        public List<(int Probe, long At)> Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }
}

/// <summary>
/// The outcome of a delivery scenario. Latency is from just before <c>SendMessage</c> to a member's
/// <c>messageCreated</c>; FanOutComplete is the same to the last member; Span, in seconds, from the
/// first send to the last delivery. Received includes CaughtUp, the messages found with <c>CatchUp</c>.
/// </summary>
internal sealed record DeliveryResult(
    int Sent,
    int Failed,
    long Expected,
    long Received,
    long CaughtUp,
    long Missing,
    long Duplicates,
    long Echoes,
    Percentiles Latency,
    Percentiles FanOutComplete,
    Percentiles Ack,
    double Span);
