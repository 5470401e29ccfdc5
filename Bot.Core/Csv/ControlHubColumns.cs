using System.Collections.Frozen;

namespace LicenseBot.Core.Csv;

/// <summary>The user attribute columns of Control Hub's users CSV (article afv3q8), which a licence move leaves alone.</summary>
public static class ControlHubColumns
{
    public const string Email = "User ID/Email (Required)";
    public const string FirstName = "First Name";
    public const string LastName = "Last Name";
    public const string DisplayName = "Display Name";
    public const string UserStatus = "User Status";

    /// <summary>Spellings of the e-mail column an admin's edited file may carry.</summary>
    private static readonly FrozenSet<string> EmailAliases = new[]
    {
        Email, "User ID/Email", "User ID / Email (Required)", "User ID/Email(Required)", "Email", "E-mail", "Email Address", "User ID",
    }.Select(Key).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Attributes Control Hub exports; known, so not reported as unknown, and never changed by the bot.</summary>
    private static readonly FrozenSet<string> Attributes = new[]
    {
        FirstName, LastName, DisplayName, UserStatus, "Last Service Accessed Time", "Days since Last Service Accessed",
        "Extension", "Title", "Department", "Manager", "Phone Number", "Caller ID Number", "Caller ID First Name",
        "Caller ID Last Name", "Location", "Preferred Language", "Time zone", "Address type", "Address country",
        "Address street", "Address city", "Address state", "Address postal code", "Mobile", "Fax", "Directory Number",
        "Workspace Name", "Calling Phone Number", "Calling Extension", "Calling Location", "Account Type",
    }.Select(Key).ToFrozenSet(StringComparer.Ordinal);

    public static bool IsEmail(string header) => EmailAliases.Contains(Key(header));

    public static bool IsKnownAttribute(string header) => Attributes.Contains(Key(header));

    private static string Key(string header) => LicenceHeader.NormaliseName(header);
}
