using System.Collections.Concurrent;
using System.Text.Json;

namespace LicenseBot.Sandbox;

/// <summary>
/// What went over the wire, for tests and for a look at a running simulator (<c>GET /sandbox/inspect/traffic</c>,
/// docs/sandbox.md): every licence change received (<c>PATCH /licenses/users</c>: whose, and the status answered,
/// 429s and refusals included) and every webhook delivery attempt (which event, to which target, the answer).
/// </summary>
public sealed class SandboxTraffic(TimeProvider time)
{
    private readonly ConcurrentQueue<LicensePatchRecord> _patches = new();
    private readonly ConcurrentQueue<DeliveryRecord> _deliveries = new();

    public void LicensePatch(string? personId, int status) => _patches.Enqueue(new(personId, status, time.GetUtcNow()));

    public void Delivery(SimWebhook hook, byte[] body, string target, int attempt, int? status, string? error) =>
        _deliveries.Enqueue(new(hook.Id, hook.Resource, DataId(body), target, attempt, status, error, time.GetUtcNow()));

    public IReadOnlyList<LicensePatchRecord> LicensePatches => _patches.ToArray();
    public IReadOnlyList<DeliveryRecord> Deliveries => _deliveries.ToArray();

    private static string? DataId(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One <c>PATCH /licenses/users</c> as received: the person it named and the status it was answered with.</summary>
public sealed record LicensePatchRecord(string? PersonId, int Status, DateTimeOffset At);

/// <summary>
/// One webhook delivery attempt: the webhook, its resource, the event's <c>data.id</c> (the message or action), the
/// address it went to, the attempt (1 = first) and the target's status (null when it could not be reached).
/// </summary>
public sealed record DeliveryRecord(string WebhookId, string Resource, string? DataId, string Target, int Attempt, int? Status, string? Error, DateTimeOffset At);

/// <summary>
/// <c>Sandbox:DeliverTo:0</c>, <c>:1</c>, …: when set, every webhook delivery attempt goes to the next of these addresses
/// in turn (round robin over all webhooks, as a load balancer in front of several bot instances would), instead of the
/// webhook's registered <c>targetUrl</c>; a failed attempt's retry goes to the next one. Unset: the registered target.
/// </summary>
public sealed class WebhookTargets
{
    public const string Section = "Sandbox:DeliverTo";

    private readonly string[] _targets;
    private long _next = -1;

    public WebhookTargets(IEnumerable<string> targets)
    {
        _targets = targets.Where(t => !string.IsNullOrWhiteSpace(t)).ToArray();
        foreach (var t in _targets)
        {
            if (!Uri.TryCreate(t, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{Section} must hold absolute http(s) addresses, not '{t}'.");
            }
        }
    }

    public static WebhookTargets From(IConfiguration config) =>
        new(config.GetSection(Section).GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value ?? ""));

    public IReadOnlyList<string> Targets => _targets;

    /// <summary>The address for the next delivery attempt: the next configured target, or <paramref name="registered"/> when none is.</summary>
    public string Next(string registered) =>
        _targets.Length == 0 ? registered : _targets[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_targets.Length)];
}
