using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Docent.Tests.TestSupport;

/// <summary>
/// Sums what the "Docent" meter's instruments with a name prefix record while it lives (counters and histograms, by
/// instrument name; histograms also count their measurements). Instruments are process-wide: tests that read a sum must not
/// run beside others that record to the same instrument. Dispose to stop listening.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public MetricRecorder(string prefix)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Docent.Diagnostics.DocentTelemetry.Name && instrument.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.Start();
    }

    /// <summary>The sum recorded by the instrument so far (0 when none).</summary>
    public double Sum(string instrument) => _sums.GetValueOrDefault(instrument);

    /// <summary>How many measurements the instrument recorded so far.</summary>
    public int Count(string instrument) => _counts.GetValueOrDefault(instrument);

    public void Dispose() => _listener.Dispose();

    private void Record(string name, double value)
    {
        _sums.AddOrUpdate(name, value, (_, sum) => sum + value);
        _counts.AddOrUpdate(name, 1, (_, count) => count + 1);
    }
}
