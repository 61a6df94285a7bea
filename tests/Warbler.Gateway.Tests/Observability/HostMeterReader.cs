using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Warbler.Gateway.Tests.Observability;

/// <summary>Reads observable instruments of one test server only: its meters come from its own <see cref="IMeterFactory"/>.</summary>
internal static class HostMeterReader
{
    public static List<int> ObserveInts(WebApplicationFactory<Program> host, string instrumentName)
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var values = new List<int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == instrumentName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => values.Add(value));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
