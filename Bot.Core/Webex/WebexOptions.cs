using System.ComponentModel.DataAnnotations;
using LicenseBot.Core.Webex.Websocket;

namespace LicenseBot.Core.Webex;

/// <summary>The <c>Webex</c> configuration section. Tokens and secrets come from configuration only and are never logged.</summary>
public sealed class WebexOptions
{
    public const string Section = "Webex";
    public const string DefaultApiBaseUrl = "https://webexapis.com/v1";

    /// <summary>The bot's access token (developer.webex.com → My Apps → the bot). Unset = sandbox mode.</summary>
    public string? BotToken { get; set; }

    /// <summary>A full admin's access token (a service app's). Alternative: <see cref="ClientId"/> + <see cref="ClientSecret"/> + <see cref="RefreshToken"/>.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Integration (or service app) client id, for refreshing the admin token.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The admin integration's refresh token; the access token is refreshed with it before it expires.</summary>
    public string? RefreshToken { get; set; }

    [Required, Url]
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>How Webex events reach the bot: <see cref="WebexTransport.Webhook"/> (needs <see cref="PublicUrl"/>) or <see cref="WebexTransport.Websocket"/> (outbound only).</summary>
    public WebexTransport Transport { get; set; } = WebexTransport.Webhook;

    /// <summary>The <c>Webex:Websocket</c> settings of websocket mode (also bound on their own as <see cref="WebsocketOptions"/>).</summary>
    public WebsocketOptions Websocket { get; set; } = new();

    /// <summary>The bot's public address as Webex reaches it (https://bot.example.com); webhooks target <c>{PublicUrl}/api/webex/events</c>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Secret for signing webhooks (X-Spark-Signature). Unset: one is generated and kept in the database.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Retries after the first attempt, for reads and for 429 answers.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; doubles with jitter. A <c>Retry-After</c> header wins.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts, also for a <c>Retry-After</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Admin API calls a second for this instance, shared by every job and read (0, the default: learnt from Webex's
    /// <c>429</c> answers, see <c>WebexPacer</c>). When set, pacing starts there and never goes above it.
    /// </summary>
    [Range(0.0, 10_000.0)]
    public double RequestsPerSecond { get; set; }

    /// <summary>Most admin API calls in flight at once; within it the pacer keeps as many as the rate needs. Default 32.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 32;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public bool HasAdminRefresh => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret) && !string.IsNullOrWhiteSpace(RefreshToken);
}
