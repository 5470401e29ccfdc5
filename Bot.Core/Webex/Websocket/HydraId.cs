using System.Buffers.Text;
using System.Text;

namespace LicenseBot.Core.Webex.Websocket;

/// <summary>
/// Webex REST ids ("hydra" ids): base64url without padding of <c>ciscospark://{cluster}/{TYPE}/{uuid}</c>. The event socket
/// speaks in conversation UUIDs; the REST API wants these. Built as the JavaScript SDK builds them (<c>@webex/common</c>
/// <c>constructHydraId</c>): people and organisations are always in cluster <c>us</c>.
/// </summary>
public static class HydraId
{
    public const string Message = "MESSAGE";
    public const string AttachmentAction = "ATTACHMENT_ACTION";
    public const string Room = "ROOM";
    public const string People = "PEOPLE";
    public const string UsCluster = "us";

    public static string Build(string type, string uuid, string cluster = UsCluster)
    {
        if (type is People or "ORGANIZATION") cluster = UsCluster;
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"ciscospark://{cluster}/{type}/{uuid}"));
    }

    /// <summary>The parts of a hydra id, or null when <paramref name="id"/> is not one.</summary>
    public static (string Cluster, string Type, string Uuid)? TryParse(string? id)
    {
        if (string.IsNullOrEmpty(id) || !Base64Url.IsValid(id)) return null;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(id));
        }
        catch (FormatException)
        {
            return null;
        }
        const string scheme = "ciscospark://";
        if (!text.StartsWith(scheme, StringComparison.Ordinal)) return null;
        var parts = text[scheme.Length..].Split('/');
        // The cluster may itself hold no slash ("us", "urn:TEAM:eu-central-1_k"); the uuid may (content ids "uuid/0").
        return parts.Length >= 3 ? (parts[0], parts[1], string.Join('/', parts[2..])) : null;
    }
}
