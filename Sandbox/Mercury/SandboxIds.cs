using System.Security.Cryptography;
using System.Text;

namespace LicenseBot.Sandbox.Mercury;

/// <summary>
/// Ids as real Webex shapes them: REST ids of everything the sandbox creates (messages, attachment actions, rooms,
/// webhooks, files, people) and of the demo org are base64url of <c>ciscospark://us/{TYPE}/{uuid}</c>, and the event socket
/// names everything by UUID. Ids written in a seed file stay as written; their UUIDs are derived from them (stable, so a
/// restart gives the same ones). Written separately from
/// the bot's own id code on purpose: the sandbox checks the bot, it does not share its assumptions.
/// </summary>
public static class SandboxIds
{
    public static string NewRestId(string type) => Rest(type, Guid.NewGuid().ToString());

    public static string Rest(string type, string uuid) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"ciscospark://us/{type}/{uuid}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The UUID behind an id: the last part of a REST id, else one derived from the id itself.</summary>
    public static string Uuid(string id)
    {
        try
        {
            var padded = id.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            if (text.StartsWith("ciscospark://", StringComparison.Ordinal)) return text[(text.LastIndexOf('/') + 1)..];
        }
        catch (FormatException)
        {
        }
        var hash = MD5.HashData(Encoding.UTF8.GetBytes("licensebot-sandbox:" + id));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30); // version 3 (name-based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true).ToString();
    }
}
