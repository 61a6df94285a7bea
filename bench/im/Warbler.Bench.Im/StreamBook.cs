namespace Warbler.Bench.Im;

/// <summary>
/// Every <c>messageDelta</c> and bot <c>messageCompleted</c> each member of the bot's room received,
/// with its time, for the bot stream scenario. Written by the members' connections; read when the
/// replies have completed.
/// </summary>
internal sealed class StreamBook(Guid roomId, int members)
{
    private readonly MemberStreams[] _members = Enumerable.Range(0, members).Select(_ => new MemberStreams()).ToArray();

    public Guid RoomId { get; } = roomId;

    public int Members { get; } = members;

    public void RecordDelta(int member, Guid roomId, long messageId, string text, long at)
    {
        if (roomId == RoomId && member < Members)
        {
            _members[member].AddDelta(messageId, text, at);
        }
    }

    public void RecordCompleted(int member, Guid roomId, long messageId, string text, string? status, long at)
    {
        if (roomId == RoomId && member < Members)
        {
            _members[member].Complete(messageId, new Completion(text, status, at));
        }
    }

    /// <summary>How many members have seen <paramref name="count"/> bot replies complete.</summary>
    public int MembersWithCompleted(int count, IEnumerable<int> among) => among.Count(m => _members[m].CompletedCount >= count);

    /// <summary>The ids of the bot replies completed, in the order the first member saw them.</summary>
    public IReadOnlyList<long> CompletedReplies(IEnumerable<int> among)
    {
        var first = among.Select(m => _members[m]).FirstOrDefault(m => m.CompletedCount > 0);
        return first?.CompletedIds() ?? [];
    }

    /// <summary>Checks one reply: every member got the same deltas, in order, adding up to the completed text.</summary>
    public ReplyResult Analyse(long messageId, long mentionSentAt, IReadOnlyList<int> among)
    {
        var streams = among.Select(m => (Member: m, Deltas: _members[m].Deltas(messageId), Completion: _members[m].Completion(messageId))).ToList();
        var finalText = streams.Select(s => s.Completion?.Text).FirstOrDefault(t => t is not null) ?? "";
        var status = streams.Select(s => s.Completion?.Status).FirstOrDefault(t => t is not null);

        // The reference sequence: a member's whose deltas add up to the completed text (the server may
        // trim the stored text, so whitespace at the ends is not compared).
        var reference = streams.Select(s => s.Deltas).FirstOrDefault(d => Concat(d).Trim() == finalText.Trim())
            ?? streams.Select(s => s.Deltas).MaxBy(d => d.Count) ?? [];
        var referenceComplete = Concat(reference).Trim() == finalText.Trim();

        var ok = new List<(int Member, List<(string Text, long At)> Deltas)>();
        var incomplete = new List<int>();
        foreach (var (member, deltas, completion) in streams)
        {
            var same = referenceComplete && completion is not null && deltas.Count == reference.Count
                && deltas.Select(d => d.Text).SequenceEqual(reference.Select(d => d.Text), StringComparer.Ordinal);
            if (same)
            {
                ok.Add((member, deltas));
            }
            else
            {
                incomplete.Add(member);
            }
        }

        // Lag of delta j: from the first member receiving it to the last.
        var lags = new List<double>(reference.Count);
        for (var j = 0; j < reference.Count && ok.Count > 0; j++)
        {
            long first = long.MaxValue, last = 0;
            foreach (var (_, deltas) in ok)
            {
                first = Math.Min(first, deltas[j].At);
                last = Math.Max(last, deltas[j].At);
            }

            lags.Add(Clock.Ms(first, last));
        }

        var quarter = Math.Max(1, lags.Count / 4);
        var firstDelta = ok.Select(o => Clock.Ms(mentionSentAt, o.Deltas[0].At)).ToList();
        var rates = ok.Where(o => o.Deltas.Count > 1)
            .Select(o => (o.Deltas.Count - 1) / (Clock.Ms(o.Deltas[0].At, o.Deltas[^1].At) / 1000.0))
            .ToList();
        var durations = ok.Where(o => o.Deltas.Count > 1).Select(o => Clock.Ms(o.Deltas[0].At, o.Deltas[^1].At)).ToList();
        return new ReplyResult(
            MessageId: messageId,
            Status: status,
            Deltas: reference.Count,
            TextLength: finalText.Length,
            Members: streams.Count,
            MembersComplete: ok.Count,
            IncompleteMembers: incomplete.Take(20).ToList(),
            Lag: Percentiles.Of(lags),
            LagFirstQuarterMean: lags.Count == 0 ? 0 : lags.Take(quarter).Average(),
            LagLastQuarterMean: lags.Count == 0 ? 0 : lags.TakeLast(quarter).Average(),
            FirstDelta: Percentiles.Of(firstDelta),
            DeltasPerSecondSlowest: rates.Count == 0 ? 0 : rates.Min(),
            DurationMs: Percentiles.Of(durations),
            LagByDelta: lags.Select(l => Math.Round(l, 3)).ToList());
    }

    private static string Concat(List<(string Text, long At)> deltas) => string.Concat(deltas.Select(d => d.Text));

    private sealed record Completion(string Text, string? Status, long At);

    private sealed class MemberStreams
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<long, List<(string Text, long At)>> _deltas = [];
        private readonly Dictionary<long, Completion> _completed = [];
        private readonly List<long> _completedOrder = [];

        public int CompletedCount
        {
            get
            {
                lock (_gate)
                {
                    return _completedOrder.Count;
                }
            }
        }

        public void AddDelta(long messageId, string text, long at)
        {
            lock (_gate)
            {
                if (!_deltas.TryGetValue(messageId, out var list))
                {
                    _deltas[messageId] = list = [];
                }

                list.Add((text, at));
            }
        }

        public void Complete(long messageId, Completion completion)
        {
            lock (_gate)
            {
                if (_completed.TryAdd(messageId, completion))
                {
                    _completedOrder.Add(messageId);
                }
            }
        }

        public List<(string Text, long At)> Deltas(long messageId)
        {
            lock (_gate)
            {
                return _deltas.TryGetValue(messageId, out var list) ? [.. list] : [];
            }
        }

        public Completion? Completion(long messageId)
        {
            lock (_gate)
            {
                return _completed.GetValueOrDefault(messageId);
            }
        }

        public List<long> CompletedIds()
        {
            lock (_gate)
            {
                return [.. _completedOrder];
            }
        }
    }
}

/// <summary>
/// One bot reply as the members saw it. Lag: for each delta, from the first member receiving it to
/// the last (ms). FirstDelta: from the mention being sent to a member's first delta.
/// </summary>
internal sealed record ReplyResult(
    long MessageId,
    string? Status,
    int Deltas,
    int TextLength,
    int Members,
    int MembersComplete,
    List<int> IncompleteMembers,
    Percentiles Lag,
    double LagFirstQuarterMean,
    double LagLastQuarterMean,
    Percentiles FirstDelta,
    double DeltasPerSecondSlowest,
    Percentiles DurationMs,
    List<double> LagByDelta);
