using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Warbler.Testing;

/// <summary>
/// Adds up what one counter records from the moment this is made, in all and by the value of one of its tags.
/// Only the meters of one <see cref="IMeterFactory"/> are heard (each server has its own), so the
/// other servers of the test process are not counted.
/// </summary>
public sealed class CounterTotals : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private readonly MeterListener _listener;

    public CounterTotals(IMeterFactory meters, string instrumentName, string? tagName = null)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == instrumentName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagValue = "";
            foreach (var tag in tags)
            {
                if (tag.Key == tagName)
                {
                    tagValue = tag.Value?.ToString() ?? "";
                }
            }

            _totals.AddOrUpdate(tagValue, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    /// <summary>Everything recorded, whatever its tags.</summary>
    public long Total => _totals.Values.Sum();

    /// <summary>The total recorded with the tag of that value; 0 if none was.</summary>
    public long this[string tagValue] => _totals.GetValueOrDefault(tagValue);

    public void Dispose() => _listener.Dispose();
}
