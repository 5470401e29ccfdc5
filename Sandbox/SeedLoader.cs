using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LicenseBot.Sandbox;

/// <summary>A seed that passed validation, with where it came from and its content hash (a new hash means a fresh start).</summary>
public sealed record LoadedSeed(SeedDocument Document, string Source, string ContentHash);

/// <summary>Reads and validates org seeds. Every error names the file, the JSON path and the reason.</summary>
public static class SeedLoader
{
    public const string BuiltInSource = "(built-in demo org)";

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads <paramref name="path"/>, or the built-in demo org when it is null or empty.</summary>
    public static LoadedSeed Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            var demo = DemoOrg.Build();
            var json = JsonSerializer.SerializeToUtf8Bytes(demo, ReadOptions);
            return Validate(demo, BuiltInSource, Hash(json));
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SandboxSeedException([new SeedError(path, "$", $"the file cannot be read ({ex.Message})")], ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses and validates seed JSON; <paramref name="source"/> names it in errors.</summary>
    public static LoadedSeed Parse(byte[] utf8Json, string source)
    {
        SeedDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<SeedDocument>(utf8Json, ReadOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            throw new SandboxSeedException([new SeedError(source, ex.Path ?? "$", $"malformed JSON{where}: {FirstSentence(ex.Message)}")], ex);
        }

        if (doc is null)
        {
            throw new SandboxSeedException([new SeedError(source, "$", "the seed is empty (null)")]);
        }

        return Validate(doc, source, Hash(utf8Json));
    }

    private static LoadedSeed Validate(SeedDocument doc, string source, string hash)
    {
        var errors = new List<SeedError>();
        void Err(string path, string reason) => errors.Add(new SeedError(source, path, reason));

        if (doc.Org is null) Err("$.org", "missing: the org needs an id and a displayName");
        else
        {
            if (string.IsNullOrWhiteSpace(doc.Org.Id)) Err("$.org.id", "missing org id");
            if (string.IsNullOrWhiteSpace(doc.Org.DisplayName)) Err("$.org.displayName", "missing org displayName");
        }

        var subscriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (s, i) in (doc.Subscriptions ?? []).Select((s, i) => (s, i)))
        {
            var p = $"$.subscriptions[{i}]";
            if (string.IsNullOrWhiteSpace(s.Id)) { Err($"{p}.id", "missing subscription id"); continue; }
            var status = s.Status ?? "active";
            if (status is not ("active" or "suspended" or "cancelled")) Err($"{p}.status", $"unknown subscription status '{status}' (active, suspended or cancelled)");
            if (!subscriptions.TryAdd(s.Id, status)) Err($"{p}.id", $"duplicate subscription id '{s.Id}'");
        }

        var locations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (l, i) in (doc.Locations ?? []).Select((l, i) => (l, i)))
        {
            if (string.IsNullOrWhiteSpace(l.Id)) Err($"$.locations[{i}].id", "missing location id");
            else if (!locations.Add(l.Id)) Err($"$.locations[{i}].id", $"duplicate location id '{l.Id}'");
        }

        var sites = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (s, i) in (doc.Sites ?? []).Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(s.Url)) Err($"$.sites[{i}].url", "missing site url");
            else if (!sites.Add(s.Url)) Err($"$.sites[{i}].url", $"duplicate site '{s.Url}'");
        }

        var licenses = new Dictionary<string, SeedLicense>(StringComparer.Ordinal);
        foreach (var (l, i) in (doc.Licenses ?? []).Select((l, i) => (l, i)))
        {
            var p = $"$.licenses[{i}]";
            if (string.IsNullOrWhiteSpace(l.Id)) { Err($"{p}.id", "missing licence id"); continue; }
            if (!licenses.TryAdd(l.Id, l)) Err($"{p}.id", $"duplicate licence id '{l.Id}'");
            if (string.IsNullOrWhiteSpace(l.Name)) Err($"{p}.name", "missing licence name");
            if (l.TotalUnits < 0) Err($"{p}.totalUnits", "totalUnits cannot be negative");
            if (l.SubscriptionId is not null && !subscriptions.ContainsKey(l.SubscriptionId)) Err($"{p}.subscriptionId", $"unknown subscription '{l.SubscriptionId}'");
            if (l.SiteUrl is not null) sites.Add(l.SiteUrl);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        if (doc.Bot is { } bot)
        {
            if (bot.Id is not null) ids.Add(bot.Id);
            if (bot.Email is not null) emails.Add(bot.Email);
            if (bot.Token is not null) tokens.Add(bot.Token);
        }

        var consumed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (person, i) in (doc.People ?? []).Select((x, i) => (x, i)))
        {
            var p = $"$.people[{i}]";
            if (string.IsNullOrWhiteSpace(person.Id)) Err($"{p}.id", "missing person id");
            else if (!ids.Add(person.Id)) Err($"{p}.id", $"duplicate id '{person.Id}'");
            if (string.IsNullOrWhiteSpace(person.Email)) Err($"{p}.email", "missing e-mail");
            else if (!emails.Add(person.Email)) Err($"{p}.email", $"duplicate e-mail '{person.Email}'");
            if (person.Token is not null && !tokens.Add(person.Token)) Err($"{p}.token", "duplicate token (another identity uses the same one)");
            if (person.Status is not null and not ("active" or "pending" or "inactive")) Err($"{p}.status", $"unknown status '{person.Status}' (active, pending or inactive)");

            var hasCallingLicense = false;
            foreach (var (lid, j) in (person.Licenses ?? []).Select((x, j) => (x, j)))
            {
                if (!licenses.TryGetValue(lid, out var lic)) { Err($"{p}.licenses[{j}]", $"unknown licence id '{lid}'"); continue; }
                consumed[lid] = consumed.GetValueOrDefault(lid) + 1;
                if (LicenseKinds.IsCalling(lic.Name)) hasCallingLicense = true;
            }

            if (hasCallingLicense && person.Calling is null) Err($"{p}.calling", "calling licence without calling data (a person holding a Webex Calling licence needs calling: locationId, phoneNumber or extension)");
            if (person.Calling is { } c)
            {
                if (c.LocationId is null) { if (hasCallingLicense) Err($"{p}.calling.locationId", "missing location of the calling data"); }
                else if (!locations.Contains(c.LocationId)) Err($"{p}.calling.locationId", $"unknown location '{c.LocationId}'");
                if (c.PhoneNumber is null && c.Extension is null) Err($"{p}.calling", "calling data needs a phoneNumber or an extension");
            }

            foreach (var (site, j) in (person.SiteAdminOf ?? []).Select((x, j) => (x, j)))
            {
                if (!sites.Contains(site)) Err($"{p}.siteAdminOf[{j}]", $"unknown meetings site '{site}'");
            }
        }

        foreach (var (l, i) in (doc.Licenses ?? []).Select((l, i) => (l, i)))
        {
            var used = consumed.GetValueOrDefault(l.Id);
            if (used > l.TotalUnits) Err($"$.licenses[{i}].totalUnits", $"{used} people hold licence '{l.Id}' but it has only {l.TotalUnits} units");
        }

        var roomIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (room, i) in (doc.Rooms ?? []).Select((x, i) => (x, i)))
        {
            var p = $"$.rooms[{i}]";
            if (string.IsNullOrWhiteSpace(room.Id)) Err($"{p}.id", "missing room id");
            else if (!roomIds.Add(room.Id)) Err($"{p}.id", $"duplicate room id '{room.Id}'");
            var type = room.Type ?? "group";
            if (type is not ("group" or "direct")) Err($"{p}.type", $"unknown room type '{type}' (group or direct)");
            var members = room.Members ?? [];
            if (type == "direct" && members.Count != 2) Err($"{p}.members", "a direct room has exactly two members");
            foreach (var (m, j) in members.Select((x, j) => (x, j)))
            {
                if (!emails.Contains(m) && !ids.Contains(m)) Err($"{p}.members[{j}]", $"unknown room member '{m}' (not a seeded person or the bot)");
            }
        }

        if (errors.Count > 0) throw new SandboxSeedException(errors);
        return new LoadedSeed(doc, source, hash);
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    internal static string StableToken(string seedHash, string who) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seedHash + "/" + who)))[..32];
}
