using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using LicenseBot.Core.Diagnostics;

namespace LicenseBot.Host.Observability;

/// <summary>
/// The current figures of the bot's meter (<see cref="Telemetry.Meter"/>) for the sandbox's <c>/metrics</c> page: counters
/// as totals, histograms as count, sum and max, gauges as last value — each per combination of attributes. Listens
/// from the moment the host starts (a <see cref="MeterListener"/>; the meter is the process's, as OpenTelemetry's is).
/// </summary>
public sealed class MetricsView : IDisposable
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tags), Figure> _figures = new();
    private readonly DateTimeOffset _since;

    public MetricsView(TimeProvider time)
    {
        _since = time.GetUtcNow();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Telemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every figure now: <c>{since, instruments: {name: {kind, unit, description, series: [{tags, …}]}}}</c>.</summary>
    public object Snapshot()
    {
        _listener.RecordObservableInstruments();
        var instruments = _figures
            .GroupBy(f => f.Key.Instrument, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var first = g.First().Value;
                return new
                {
                    kind = first.Kind,
                    unit = first.Unit,
                    description = first.Description,
                    series = g.OrderBy(f => f.Key.Tags, StringComparer.Ordinal).Select(f => f.Value.ToJson()).ToList(),
                };
            });
        return new { since = _since, instruments };
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags) pairs[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var key = (instrument.Name, string.Join(",", pairs.Select(p => p.Key + "=" + p.Value)));
        var figure = _figures.GetOrAdd(key, _ => new Figure(Kind(instrument), instrument.Unit, instrument.Description, pairs));
        figure.Add(value);
    }

    private static string Kind(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<double> or ObservableCounter<long> => "counter",
        Histogram<long> or Histogram<double> => "histogram",
        _ => "gauge",
    };

    public void Dispose() => _listener.Dispose();

    private sealed class Figure(string kind, string? unit, string? description, IReadOnlyDictionary<string, string> tags)
    {
        private readonly Lock _gate = new();
        private double _sum, _max, _last;
        private long _count;

        public string Kind { get; } = kind;
        public string? Unit { get; } = unit;
        public string? Description { get; } = description;

        public void Add(double value)
        {
            lock (_gate)
            {
                _count++;
                _sum += value;
                _last = value;
                if (_count == 1 || value > _max) _max = value;
            }
        }

        public object ToJson()
        {
            lock (_gate)
            {
                return Kind switch
                {
                    "counter" => new { tags, value = _sum },
                    "histogram" => (object)new { tags, count = _count, sum = Math.Round(_sum, 6), max = Math.Round(_max, 6), mean = Math.Round(_count == 0 ? 0 : _sum / _count, 6) },
                    _ => new { tags, value = _last },
                };
            }
        }
    }
}
