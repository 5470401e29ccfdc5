using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LicenseBot.Core.Diagnostics;

/// <summary>
/// The bot's traces and metrics, with System.Diagnostics only (the host decides where they go: OpenTelemetry's OTLP
/// exporter when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the sandbox's <c>/metrics</c> view). One
/// <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>.
/// <para>Traces: a delivery (the host's HTTP request) → the turn (<see cref="StartTurn"/>, parented to the delivery) →
/// each Webex call (<see cref="StartWebexCall"/>, with Webex's <c>TrackingID</c>). Attributes never hold a token, a
/// message text or a query string.</para>
/// </summary>
public static class Telemetry
{
    public const string Name = "LicenseBot";

    /// <summary>Attribute names (OpenTelemetry style).</summary>
    public static class Tags
    {
        public const string Resource = "webex.event.resource";
        public const string EventId = "webex.event.data_id";
        public const string Outcome = "outcome";
        public const string Operation = "webex.operation";
        public const string Status = "http.response.status_code";
        public const string TrackingId = "webex.tracking_id";
        public const string Job = "licensebot.job.id";
    }

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Signed deliveries accepted by the webhook endpoint, by resource.</summary>
    public static readonly Counter<long> EventsReceived = Meter.CreateCounter<long>("licensebot.events.received", "{event}", "Signed webhook deliveries accepted");

    /// <summary>Deliveries recognised as already seen (a redelivery) and not handled again.</summary>
    public static readonly Counter<long> EventsDeduplicated = Meter.CreateCounter<long>("licensebot.events.deduplicated", "{event}", "Webhook deliveries already seen, not handled again");

    /// <summary>Events turned into a turn and handled, by resource and outcome (ok, error, ignored).</summary>
    public static readonly Counter<long> EventsHandled = Meter.CreateCounter<long>("licensebot.events.handled", "{event}", "Webhook events handled, by outcome");

    /// <summary>Time from the start of a turn to its end, in seconds.</summary>
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("licensebot.turn.duration", "s", "Duration of one turn (an event handled)");

    /// <summary>Webex API calls (each attempt) by operation (<c>GET people/{id}</c>) and status code (0 when no answer came).</summary>
    public static readonly Counter<long> WebexCalls = Meter.CreateCounter<long>("licensebot.webex.calls", "{call}", "Webex API calls by operation and status");

    /// <summary>Duration of Webex API calls, in seconds, by operation and status.</summary>
    public static readonly Histogram<double> WebexCallDuration = Meter.CreateHistogram<double>("licensebot.webex.call.duration", "s", "Duration of Webex API calls");

    /// <summary>Rows of bulk jobs finished, by outcome (done, failed, skipped, partial); its rate is the job's rows per second.</summary>
    public static readonly Counter<long> JobRows = Meter.CreateCounter<long>("licensebot.job.rows", "{row}", "Bulk job rows finished, by outcome");

    /// <summary>Jobs, rows or inbox events (by <c>kind</c>: job, row, inbox) this instance took over from another whose lease ran out.</summary>
    public static readonly Counter<long> LeaseTakeovers = Meter.CreateCounter<long>("licensebot.job.lease_takeovers", "{takeover}", "Job, row or inbox event leases taken over from another instance");

    private static Func<long>? _inboxDepth;

    /// <summary>
    /// Events accepted and not yet handled. The inbox reports its depth by calling <see cref="ObserveInboxDepth"/> once
    /// with a function the gauge reads at each collection.
    /// </summary>
    public static readonly ObservableGauge<long> InboxDepth = Meter.CreateObservableGauge("licensebot.inbox.depth",
        () => _inboxDepth is { } depth ? [new Measurement<long>(depth())] : Array.Empty<Measurement<long>>(), "{event}", "Events accepted and not yet handled");

    /// <summary>Lets the inbox feed <see cref="InboxDepth"/> (the last caller wins: one inbox per process).</summary>
    public static void ObserveInboxDepth(Func<long> depth) => _inboxDepth = depth;

    /// <summary>
    /// The span of one turn, a child of the delivery that brought the event (<paramref name="deliveryTraceParent"/>: the
    /// W3C <c>traceparent</c> of the delivery's request, carried through the inbox), or a new trace when none is known.
    /// </summary>
    public static Activity? StartTurn(string resource, string eventDataId, string? deliveryTraceParent)
    {
        ActivityContext.TryParse(deliveryTraceParent, null, out var parent);
        var activity = Source.StartActivity("turn " + resource, ActivityKind.Consumer, parent);
        activity?.SetTag(Tags.Resource, resource);
        activity?.SetTag(Tags.EventId, eventDataId); // the message or card action the event is about (an id, never its content)
        return activity;
    }

    /// <summary>The span of one Webex call: <paramref name="operation"/> is low-cardinality (<c>GET people/{id}</c>), never a URL with a query.</summary>
    public static Activity? StartWebexCall(string operation)
    {
        var activity = Source.StartActivity("webex " + operation, ActivityKind.Client);
        activity?.SetTag(Tags.Operation, operation);
        return activity;
    }

    /// <summary>
    /// <c>GET people/{id}</c> for <c>/v1/people/Y2lz…?callingData=true</c>: the method and the path after the API version,
    /// with every segment that is not a known resource word shown as <c>{id}</c> (ids, e-mails and file names never become labels).
    /// </summary>
    public static string Operation(HttpMethod method, Uri? uri)
    {
        if (uri is null) return method.Method;
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = Array.FindLastIndex(segments, s => s is "v1");
        var parts = segments.Skip(start + 1).Select(s => ResourceWords.Contains(s) ? s : "{id}");
        return method.Method + " " + string.Join('/', parts);
    }

    private static readonly HashSet<string> ResourceWords = new(StringComparer.Ordinal)
    {
        "people", "me", "licenses", "users", "messages", "rooms", "memberships", "webhooks", "attachment", "actions", "contents",
        "access_token", "organizations", "roles", "applications", "token",
    };
}
