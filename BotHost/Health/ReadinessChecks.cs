using System.Net;
using Dapper;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using LicenseBot.Host.Composition;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LicenseBot.Host.Health;

/// <summary>The SQLite database answers <c>SELECT 1</c> (PostgreSQL is checked by AspNetCore.HealthChecks.NpgSql).</summary>
public sealed class SqliteHealthCheck(IBotDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1;", cancellationToken: ct));
            return HealthCheckResult.Healthy("SQLite answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"SQLite does not answer ({e.GetType().Name})");
        }
    }
}

/// <summary>
/// Webex accepts the admin token (<c>GET /people/me</c>). A refused token (401/403) is unhealthy: nothing can be
/// changed until it is renewed. Webex not answering is degraded (restarting this instance would not help). A good
/// answer is trusted for a minute, so frequent probes do not spend the org's API budget.
/// </summary>
public sealed class WebexAdminTokenHealthCheck(IWebexAdmin admin, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Trusted = TimeSpan.FromMinutes(1);
    private DateTimeOffset _goodUntil = DateTimeOffset.MinValue;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (time.GetUtcNow() < _goodUntil) return HealthCheckResult.Healthy("Webex accepted the admin token (checked in the last minute)");
        try
        {
            var me = await admin.GetMeAsync(ct);
            _goodUntil = time.GetUtcNow() + Trusted;
            return HealthCheckResult.Healthy($"Webex accepts the admin token ({me.DisplayName ?? me.Type ?? "admin"})");
        }
        catch (WebexApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return HealthCheckResult.Unhealthy($"Webex refused the admin token ({(int)e.Status}, tracking id {e.TrackingId}): renew Webex:AdminToken or the integration's refresh token");
        }
        catch (WebexApiException e)
        {
            return HealthCheckResult.Degraded($"Webex answered {(int)e.Status} to GET /people/me (tracking id {e.TrackingId})");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"Webex could not be asked about the admin token ({e.GetType().Name})");
        }
    }
}

/// <summary>
/// Websocket mode: the event socket is connected (healthy), was down longer than Webex keeps events (degraded: commands
/// from that time may be missing), or is connecting, reconnecting or replaced (unhealthy). Detail: <c>/healthz/transport</c>.
/// </summary>
public sealed class EventSocketHealthCheck(LicenseBot.Core.Webex.Websocket.WebsocketStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var s = status.Snapshot;
        return Task.FromResult(s.State switch
        {
            LicenseBot.Core.Webex.Websocket.WebsocketState.Connected when s.MissedEvents is { } m =>
                HealthCheckResult.Degraded($"event socket connected; it was down from {m.From:u} to {m.To:u}, longer than Webex keeps events, so commands from then may be missing"),
            LicenseBot.Core.Webex.Websocket.WebsocketState.Connected => HealthCheckResult.Healthy($"event socket connected since {s.Since:u} ({s.Reconnects} reconnects)"),
            _ => HealthCheckResult.Unhealthy($"event socket {s.State.ToString().ToLowerInvariant()}" + (s.LastCloseCode is { } c ? $" (last close code {c})" : "")),
        });
    }
}

/// <summary>The webhooks are registered, so Webex delivers to this host; until then, why not.</summary>
public sealed class WebhooksHealthCheck(BotReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(readiness.WebhookTarget is { } target
            ? HealthCheckResult.Healthy($"webhooks point to {target}")
            : HealthCheckResult.Unhealthy(readiness.Problem ?? "webhooks not registered yet (the bot registers them once it listens)"));
}

/// <summary>
/// The bulk job runner is alive: started, not stopped, and it showed a sign of life (a polling round, or a lease renewal
/// while it runs a job) within three polling intervals or one lease, whichever is longer.
/// </summary>
public sealed class JobRunnerHealthCheck(BulkJobRunner runner, IOptions<JobsOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var o = options.Value;
        var allowed = o.PollInterval * 3 > o.LeaseDuration ? o.PollInterval * 3 : o.LeaseDuration;
        var task = runner.ExecuteTask;
        var last = runner.LastSignOfLife;
        var quiet = last is null ? TimeSpan.Zero : time.GetUtcNow() - last.Value;
        var result =
            task is null ? HealthCheckResult.Unhealthy("the job runner has not started")
            : task.IsFaulted ? HealthCheckResult.Unhealthy("the job runner stopped after an error")
            : task.IsCompleted ? HealthCheckResult.Unhealthy("the job runner stopped")
            : last is null ? HealthCheckResult.Unhealthy("the job runner has not started its first round")
            : quiet > allowed ? HealthCheckResult.Unhealthy($"no sign of life from the job runner for {quiet.TotalSeconds:0} s (allowed {allowed.TotalSeconds:0} s)")
            : HealthCheckResult.Healthy($"last sign of life {quiet.TotalSeconds:0} s ago");
        return Task.FromResult(result);
    }
}
