using System.Text;

namespace LicenseBot.Core.Licensing.Access;

/// <summary>
/// Recognises Webex's full-administrator role in a person's <c>roles</c>. Webex sends role ids: base64 of
/// <c>ciscospark://us/ROLE/id_full_admin</c>; the simulator and older payloads use the bare name.
/// </summary>
public static class AdminRoles
{
    private const string FullAdmin = "id_full_admin";

    public static bool IsFullAdmin(IEnumerable<string>? roles) => roles?.Any(IsFullAdminRole) == true;

    private static bool IsFullAdminRole(string role)
    {
        if (role.Equals(FullAdmin, StringComparison.OrdinalIgnoreCase) || role.Equals("full_admin", StringComparison.OrdinalIgnoreCase))
            return true;
        var decoded = TryBase64(role);
        return decoded is not null && decoded.EndsWith("/" + FullAdmin, StringComparison.OrdinalIgnoreCase);
    }

    private static string? TryBase64(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded = padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '=');
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : null;
    }
}
