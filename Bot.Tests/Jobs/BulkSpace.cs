using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Jobs;

/// <summary>
/// An org for bulk tests (users on Sub-OLD with calling data) and helpers to drive a bulk flow through the real bot. Its ids
/// have Webex's shape: the people, room, location and messaging licence it shares with the demo org have the demo org's
/// ids (<see cref="DemoOrg.Ids"/>), its own licences ids of the same shape.
/// </summary>
internal static class BulkSpace
{
    public static readonly string ProOld = LicenceId("L-PRO-OLD");
    public static readonly string ProNew = LicenceId("L-PRO-NEW");
    public static readonly string ProSusp = LicenceId("L-PRO-SUSP");
    public const string OldHeader = "Webex Calling - Professional [Sub-OLD]";
    public const string NewHeader = "Webex Calling - Professional [Sub-NEW]";

    public static string Email(int i) => $"user{i.ToString("D4", CultureInfo.InvariantCulture)}@acme.test";
    public static string Id(int i) => DemoOrg.Ids.Person($"P-U{i.ToString("D4", CultureInfo.InvariantCulture)}");

    private static string LicenceId(string key) =>
        LicenseBot.Sandbox.Mercury.SandboxIds.Rest("LICENSE", $"{LicenseBot.Sandbox.Mercury.SandboxIds.Uuid("bulk-space")}:BCSTD_{LicenseBot.Sandbox.Mercury.SandboxIds.Uuid("bulk-space:" + key)}");

    public static SeedDocument Seed(int users, int newUnits = 5000) => new()
    {
        Org = new SeedOrg(DemoOrg.OrgId, "Acme BV"),
        Bot = new SeedBot(DemoOrg.BotId, "licensebot@webex.bot", "LicenseBot", "bot-token"),
        Subscriptions = [new("Sub-OLD", "active"), new("Sub-NEW", "active"), new("Sub-SUSP", "suspended")],
        Locations = [new(DemoOrg.Ids.Location("LOC-AMS"), "Amsterdam")],
        Licenses =
        [
            new(ProOld, "Webex Calling - Professional", "Sub-OLD", 5000),
            new(ProNew, "Webex Calling - Professional", "Sub-NEW", newUnits),
            new(DemoOrg.Ids.Licence("L-MSG-OLD"), "Messaging", "Sub-OLD", 5000),
            new(ProSusp, "Webex Calling - Professional", "Sub-SUSP", 50),
        ],
        People =
        [
            new SeedPerson
            {
                Id = DemoOrg.Ids.Person("P-ALICE"), Email = "alice@acme.test", DisplayName = "Alice Admin", FirstName = "Alice", LastName = "Admin",
                Roles = ["full_admin"], Status = "active", Token = "alice-token", Licenses = [DemoOrg.Ids.Licence("L-MSG-OLD")],
            },
            new SeedPerson
            {
                Id = DemoOrg.Ids.Person("P-SAM"), Email = "sam@acme.test", DisplayName = "Sam Suspended", Status = "active", Licenses = [ProSusp],
                Calling = new SeedCalling(DemoOrg.Ids.Location("LOC-AMS"), "+31209999999", "9999", new SeedVoicemail(true, true)),
            },
            .. Enumerable.Range(1, users).Select(i => new SeedPerson
            {
                Id = Id(i), Email = Email(i), FirstName = "User", LastName = i.ToString(CultureInfo.InvariantCulture), DisplayName = $"User {i}",
                Status = "active", Licenses = [ProOld, DemoOrg.Ids.Licence("L-MSG-OLD")],
                Calling = new SeedCalling(DemoOrg.Ids.Location("LOC-AMS"), "+3120" + (5000000 + i).ToString(CultureInfo.InvariantCulture), (3000 + i).ToString(CultureInfo.InvariantCulture), new SeedVoicemail(true, true)),
            }),
        ],
        Rooms = [new(DemoOrg.AdminsRoomId, "Licence admins", "group", ["alice@acme.test", "licensebot@webex.bot"])],
    };

    /// <summary>A users file as an admin edits it: every user moved from Sub-OLD to Sub-NEW.</summary>
    public static string MoveFile(IEnumerable<int> users, char separator = ',', string yes = "TRUE", string no = "FALSE", string newline = "\r\n")
    {
        var text = new StringBuilder($"User ID/Email (Required){separator}Display Name{separator}{OldHeader}{separator}{NewHeader}{newline}");
        foreach (var i in users) text.Append(Email(i)).Append(separator).Append("User ").Append(i).Append(separator).Append(no).Append(separator).Append(yes).Append(newline);
        return text.ToString();
    }

    /// <summary>Waits for the bot's next message in the thread that satisfies <paramref name="match"/>, skipping others.</summary>
    public static async Task<BotMessage> WaitForAsync(this ISpace space, string threadId, Func<BotMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? SpaceClient.DefaultWait);
        var skipped = new List<string>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"No matching bot message in thread {threadId}; saw: {string.Join(" | ", skipped)}");
            var message = await space.Client.NextBotMessageAsync(DemoOrg.AdminsRoomId, threadId, left);
            if (match(message)) return message;
            skipped.Add((message.Text ?? message.CardText).Split('\n')[0]);
        }
    }

    public static Task<BotMessage> CardAsync(this ISpace space, string threadId, string contains, TimeSpan? timeout = null) =>
        space.WaitForAsync(threadId, m => m.HasCard && m.CardText.Contains(contains, StringComparison.Ordinal), timeout);

    public static Task<BotMessage> TextAsync(this ISpace space, string threadId, string contains, TimeSpan? timeout = null) =>
        space.WaitForAsync(threadId, m => !m.HasCard && m.Files.Count == 0 && (m.Text ?? "").Contains(contains, StringComparison.Ordinal), timeout);

    public static Task<BotMessage> FileAsync(this ISpace space, string threadId, string nameContains, TimeSpan? timeout = null) =>
        space.WaitForAsync(threadId, m => m.Files.Count > 0 && (m.Text ?? m.Markdown ?? "").Contains(nameContains, StringComparison.Ordinal), timeout);

    /// <summary>Downloads a file the bot posted, as a member of the space would.</summary>
    public static async Task<string> DownloadAsync(this ISpace space, BotMessage message, string token = "alice-token")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, message.Files[0]);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
    }

    /// <summary>The simulator's record of a user: licence ids and calling data.</summary>
    public static async Task<(List<string> Licences, string? Phone, string? Extension, bool Voicemail)> UserAsync(this ISpace space, string personId)
    {
        var p = await space.Client.InspectAsync(personId);
        var licences = p.GetProperty("licenses").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToList();
        var calling = p.GetProperty("calling");
        return calling.ValueKind == JsonValueKind.Object
            ? (licences, calling.GetProperty("phoneNumber").GetString(), calling.GetProperty("extension").GetString(), calling.GetProperty("voicemail").GetProperty("enabled").GetBoolean())
            : (licences, null, null, false);
    }

    /// <summary>The lines of a results CSV after its header, split on commas (test data holds none inside cells).</summary>
    public static List<string[]> CsvLines(string text) =>
        text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
}
