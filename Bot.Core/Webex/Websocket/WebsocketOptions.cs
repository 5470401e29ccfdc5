using System.ComponentModel.DataAnnotations;
namespace LicenseBot.Core.Webex.Websocket;

/// <summary>How Webex events reach the bot (<c>Webex:Transport</c>).</summary>
public enum WebexTransport
{
    /// <summary>Webex POSTs each event to <c>{Webex:PublicUrl}/api/webex/events</c>: needs a public https address.</summary>
    Webhook,

    /// <summary>The bot registers a device and keeps an outbound websocket open to Webex: needs only outbound https.</summary>
    Websocket,
}

/// <summary>
/// The <c>Webex:Websocket</c> section: the device and event socket of websocket mode (docs/websocket-protocol.md).
/// The defaults are the JavaScript SDK's (ping every 15 s, a pong within 14 s, reconnect after 1 s doubling to 32 s).
/// </summary>
public sealed class WebsocketOptions
{
    public const string Section = "Webex:Websocket";
    public const string DefaultCatalogUrl = "https://u2c.wbx2.com/u2c/api/v1/catalog";

    /// <summary>The service catalog (U2C) that names the device service (<c>serviceLinks.wdm</c>).</summary>
    [Required, Url]
    public string CatalogUrl { get; set; } = DefaultCatalogUrl;

    /// <summary>The <c>name</c> of the bot's device: how the bot finds its own registration again when its database lost it.</summary>
    [Required]
    public string DeviceName { get; set; } = "licensebot-websocket";

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(14);

    /// <summary>How long to wait after sending the authorization frame for Webex to say the socket is ready.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan AuthorizationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(32);

    /// <summary>
    /// How long Webex is assumed to keep events for a disconnected device. After an outage longer than this, events may
    /// be gone: the bot says so in its log and health check. Webex does not document the real window (our assumption).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BufferWindow { get; set; } = TimeSpan.FromMinutes(5);
}
