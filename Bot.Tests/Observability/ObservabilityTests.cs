using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Core.Diagnostics;
using LicenseBot.Tests.Harness;
using OpenTelemetry.Trace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Observability;

/// <summary>Health, traces and metrics of the real host in sandbox mode (OpenTelemetry with an in-memory exporter).</summary>
public sealed class ObservabilityTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Live_and_ready_answer_with_an_entry_and_a_reason_for_each_thing_the_bot_needs()
    {
        await using var space = await BotSpace.StartAsync();
        using var http = new HttpClient { BaseAddress = space.Address };

        var live = await http.GetAsync("healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var liveEntries = (await live.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("entries");
        Assert.Equal(["process"], liveEntries.EnumerateObject().Select(e => e.Name));

        foreach (var path in new[] { "healthz/ready", "healthz" })
        {
            var ready = await http.GetAsync(path);
            var report = await ready.Content.ReadFromJsonAsync<JsonElement>(Json);
            Assert.True(ready.StatusCode == HttpStatusCode.OK, report.ToString());
            Assert.Equal("Healthy", report.GetProperty("status").GetString());
            var entries = report.GetProperty("entries");
            Assert.Equal(["database", "job-runner", "webex-admin-token", "webhooks"], entries.EnumerateObject().Select(e => e.Name).Order());
            foreach (var entry in entries.EnumerateObject())
            {
                Assert.Equal("Healthy", entry.Value.GetProperty("status").GetString());
                Assert.False(string.IsNullOrWhiteSpace(entry.Value.GetProperty("description").GetString()), entry.Name);
            }
            Assert.Contains("/api/webex/events", entries.GetProperty("webhooks").GetProperty("description").GetString());
            Assert.DoesNotContain(space.Sandbox.AdminToken, report.ToString());
        }
    }

    [Fact]
    public async Task A_delivery_is_traced_through_the_turn_to_each_webex_call_with_its_tracking_id_and_never_a_token()
    {
        var spans = new LockedList<Activity>();
        await using var space = await BotSpace.StartAsync(services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));

        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "licences");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        // The turn's span ends just after its answer is posted.
        Activity? turn = null;
        for (var i = 0; i < 200 && turn is null; i++)
        {
            turn = spans.Snapshot().FirstOrDefault(a => a.Source.Name == Telemetry.Name && a.GetTagItem(Telemetry.Tags.EventId) as string == asked.Id);
            if (turn is null) await Task.Delay(50);
        }
        Assert.NotNull(turn);
        Assert.Equal("ok", turn.GetTagItem(Telemetry.Tags.Outcome));

        var trace = spans.Snapshot().Where(a => a.TraceId == turn.TraceId).ToList();
        var delivery = Assert.Single(trace, a => a.SpanId == turn.ParentSpanId);
        Assert.Equal(ActivityKind.Server, delivery.Kind);
        Assert.Equal("/api/webex/events", delivery.GetTagItem("url.path"));

        var calls = trace.Where(a => a.Source.Name == Telemetry.Name && a.Kind == ActivityKind.Client).ToList();
        Assert.Contains(calls, c => (string?)c.GetTagItem(Telemetry.Tags.Operation) == "GET messages/{id}"); // the message behind the event
        Assert.Contains(calls, c => (string?)c.GetTagItem(Telemetry.Tags.Operation) == "GET licenses");      // the admin API
        Assert.Contains(calls, c => (string?)c.GetTagItem(Telemetry.Tags.Operation) == "POST messages");     // the answer
        Assert.All(calls, c =>
        {
            Assert.False(string.IsNullOrEmpty(c.GetTagItem(Telemetry.Tags.TrackingId) as string), $"{c.DisplayName} has no tracking id");
            Assert.Equal(200, c.GetTagItem(Telemetry.Tags.Status));
            Assert.True(IsUnder(c, turn, trace), $"{c.DisplayName} is not under the turn");
        });

        var secrets = new[] { space.Sandbox.BotToken, space.Sandbox.AdminToken, "Bearer" };
        foreach (var span in trace)
        {
            var texts = span.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(span.DisplayName).Append(span.StatusDescription ?? "");
            foreach (var text in texts)
                Assert.DoesNotContain(secrets, s => text.Contains(s, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_sandbox_metrics_page_shows_events_turns_and_webex_calls_moving_and_redeliveries_counted()
    {
        await using var space = await BotSpace.StartAsync();
        using var http = new HttpClient { BaseAddress = space.Address };
        var before = await http.GetFromJsonAsync<JsonElement>("metrics", Json);

        var said = await space.As("alice@acme.test").SayAsync(DemoOrg.AdminsRoomId, "help"); // not mentioned: the bot hears it only from the delivery below
        var body = BotHostEndToEndTests.Envelope(said.Id, DemoOrg.AdminsRoomId);
        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(body, await BotHostEndToEndTests.SignAsync(space, body)));
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, said.Id);
        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(body, await BotHostEndToEndTests.SignAsync(space, body)));

        JsonElement after = default;
        for (var i = 0; i < 100; i++)
        {
            after = await http.GetFromJsonAsync<JsonElement>("metrics", Json);
            if (Total(after, "licensebot.events.deduplicated") > Total(before, "licensebot.events.deduplicated")
                && Total(after, "licensebot.turn.duration", "count") > Total(before, "licensebot.turn.duration", "count")) break;
            await Task.Delay(50);
        }
        Assert.True(Total(after, "licensebot.events.received") >= Total(before, "licensebot.events.received") + 2, after.ToString());
        Assert.True(Total(after, "licensebot.events.deduplicated") >= Total(before, "licensebot.events.deduplicated") + 1, after.ToString());
        Assert.True(Total(after, "licensebot.events.handled") > Total(before, "licensebot.events.handled"), after.ToString());
        Assert.True(after.GetProperty("instruments").TryGetProperty("licensebot.inbox.depth", out _), after.ToString()); // the inbox reports its depth
        Assert.True(Total(after, "licensebot.turn.duration", "count") > Total(before, "licensebot.turn.duration", "count"), after.ToString());
        Assert.True(Total(after, "licensebot.webex.calls", "value", ("webex.operation", "POST messages"), ("http.response.status_code", "200"))
                    > Total(before, "licensebot.webex.calls", "value", ("webex.operation", "POST messages"), ("http.response.status_code", "200")), after.ToString());
    }

    private static double Total(JsonElement metrics, string instrument, string field = "value", params (string Key, string Value)[] filter)
    {
        if (!metrics.GetProperty("instruments").TryGetProperty(instrument, out var found)) return 0;
        return found.GetProperty("series").EnumerateArray()
            .Where(s => filter.All(f => s.GetProperty("tags").TryGetProperty(f.Key, out var v) && v.GetString() == f.Value))
            .Sum(s => s.GetProperty(field).GetDouble());
    }

    private static bool IsUnder(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        var current = span;
        for (var depth = 0; depth < 20; depth++)
        {
            if (current.ParentSpanId == ancestor.SpanId) return true;
            var parent = trace.FirstOrDefault(a => a.SpanId == current.ParentSpanId);
            if (parent is null) return false;
            current = parent;
        }
        return false;
    }

    /// <summary>The exporter adds from the threads that end spans; the test reads snapshots.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];
        private readonly Lock _gate = new();

        public List<T> Snapshot()
        {
            lock (_gate) return [.. _items];
        }

        public void Add(T item)
        {
            lock (_gate) _items.Add(item);
        }

        public void Clear()
        {
            lock (_gate) _items.Clear();
        }

        public bool Contains(T item)
        {
            lock (_gate) return _items.Contains(item);
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (_gate) _items.CopyTo(array, arrayIndex);
        }

        public bool Remove(T item)
        {
            lock (_gate) return _items.Remove(item);
        }

        public int Count
        {
            get
            {
                lock (_gate) return _items.Count;
            }
        }

        public bool IsReadOnly => false;
        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
