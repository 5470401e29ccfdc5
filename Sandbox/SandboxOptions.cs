using System.ComponentModel.DataAnnotations;

namespace LicenseBot.Sandbox;

/// <summary>The <c>Sandbox:*</c> settings (docs/sandbox.md, "Starting it").</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public bool? Enabled { get; set; }
    public string? SeedFile { get; set; }
    [Range(0, 100_000)]
    public int RateLimitPerSecond { get; set; }
    [Range(0.0, 1.0)]
    public double FaultRate { get; set; }
    [Range(0, 60_000)]
    public int LatencyMs { get; set; }
    [Range(0.0, 1.0)]
    public double PartialRate { get; set; }
    public string? DataDir { get; set; }
    public bool Reset { get; set; }

    /// <summary>Device registrations one person (or the bot) may hold; one more is refused with 403. 0 = no limit.</summary>
    [Range(1, 1000)]
    public int DeviceLimit { get; set; } = 10;

    /// <summary>How long the event socket keeps events for a device that is not connected; older ones are dropped (and logged).</summary>
    [Range(0, 86_400)]
    public int SocketBufferSeconds { get; set; } = 300;

    /// <summary>At most this many events wait for a device; beyond it the oldest are dropped.</summary>
    [Range(0, 1_000_000)]
    public int SocketBufferMax { get; set; } = 1000;

    /// <summary>Drop every event-socket connection this many seconds after it was authorized (0 = never).</summary>
    [Range(0.0, 86_400.0)]
    public double SocketDropAfterSeconds { get; set; }

    /// <summary>After a connection ends, refuse the next handshake once (503), so the client has to back off and retry.</summary>
    public bool SocketRefuseReconnectOnce { get; set; }

    /// <summary>Apply each ack this long after it arrives: an event whose ack is still pending when the connection drops is sent again.</summary>
    [Range(0, 60_000)]
    public int SocketAckDelayMs { get; set; }

    /// <summary>Seed of the simulator's random choices (faults, partial PATCHes); unset means unpredictable.</summary>
    public int? RandomSeed { get; set; }
}
