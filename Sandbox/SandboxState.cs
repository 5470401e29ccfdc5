using System.Globalization;

namespace LicenseBot.Sandbox;

/// <summary>
/// The simulated org: one in-memory state guarded by one lock, written through to a SQLite journal per change.
/// Every method takes the lock for its whole read-validate-apply, so concurrent calls never lose an update.
/// </summary>
public sealed partial class SandboxState : IDisposable
{
    public const string FilesFolder = "files";

    internal const string PersonKind = "person";
    internal const string RoomKind = "room";
    internal const string MessageKind = "message";
    internal const string ActionKind = "action";
    internal const string WebhookKind = "webhook";
    internal const string ContentKind = "content";
    internal const string DeviceKind = "device";

    private readonly Lock _gate = new();
    private readonly SandboxStore _store;
    private readonly TimeProvider _time;
    private readonly IWebhookSink _webhooks;
    private readonly IDeviceEventSink? _deviceEvents;

    private readonly Dictionary<string, string> _subscriptions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _locationNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SimLicense> _licenseList = [];
    private readonly Dictionary<string, SimLicense> _licenses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _consumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimPerson> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _emailToId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SimIdentity> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimRoom> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimMessage> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimAttachmentAction> _actions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimWebhook> _hooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimContent> _contents = new(StringComparer.Ordinal);
    private long _messageSeq;

    // Sorted views built on first use and dropped when what they show changes, so paging through a large org costs a
    // page, not a sort of the whole org per page.
    private IReadOnlyList<SimPerson>? _sortedPeople;
    private readonly Dictionary<string, IReadOnlyList<SimPerson>> _holders = new(StringComparer.Ordinal);

    public SandboxState(LoadedSeed seed, string dataDirectory, bool reset, string adminToken, TimeProvider time, IWebhookSink webhooks, IDeviceEventSink? deviceEvents = null)
    {
        ArgumentNullException.ThrowIfNull(seed);
        _time = time;
        _webhooks = webhooks;
        _deviceEvents = deviceEvents;
        DataDirectory = dataDirectory;
        var doc = seed.Document;
        OrgId = doc.Org!.Id;
        OrgName = doc.Org.DisplayName;
        OrgPreferredLanguage = doc.Org.PreferredLanguage;
        AdminToken = adminToken;

        var bot = doc.Bot ?? new SeedBot(null, null, null, null);
        BotId = bot.Id ?? Mercury.SandboxIds.Rest("PEOPLE", Mercury.SandboxIds.Uuid("bot:" + seed.ContentHash));
        BotEmail = bot.Email ?? "licensebot@webex.bot";
        BotDisplayName = bot.DisplayName ?? "LicenseBot";
        BotToken = bot.Token ?? "bot-" + SeedLoader.StableToken(seed.ContentHash, "bot");
        CursorKey = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("licensebot-sandbox-cursor:" + seed.ContentHash));

        foreach (var s in doc.Subscriptions ?? []) _subscriptions[s.Id] = s.Status ?? "active";
        foreach (var l in doc.Locations ?? [])
        {
            _locations.Add(l.Id);
            if (!string.IsNullOrWhiteSpace(l.Name)) _locationNames[l.Id] = l.Name;
        }
        foreach (var s in doc.Sites ?? []) _sites[s.Url] = s.AttendeeAccounts;
        foreach (var l in doc.Licenses ?? [])
        {
            var lic = new SimLicense(l.Id, l.Name, l.SubscriptionId, l.TotalUnits, l.SiteUrl);
            _licenseList.Add(lic);
            _licenses[l.Id] = lic;
            if (l.SiteUrl is not null) _sites.TryAdd(l.SiteUrl, false);
        }

        Directory.CreateDirectory(dataDirectory);
        _store = SandboxStore.Open(dataDirectory, seed.ContentHash, reset, out var fresh);
        Fresh = fresh;
        Directory.CreateDirectory(Path.Combine(dataDirectory, FilesFolder));
        if (fresh) LoadFromSeed(doc);
        else LoadFromStore();

        _tokens[adminToken] = new SimIdentity(SimIdentityKind.ServiceApp, Mercury.SandboxIds.Rest("PEOPLE", Mercury.SandboxIds.Uuid("service-app:" + OrgId)), IsFullAdmin: true);
        foreach (var p in _people.Values)
        {
            if (p.Token is not null) _tokens[p.Token] = new SimIdentity(p.IsBot ? SimIdentityKind.Bot : SimIdentityKind.Person, p.Id, p.IsFullAdmin);
        }
    }

    public string OrgId { get; }
    public string OrgName { get; }

    /// <summary>The org's default language for new users (<c>GET /identity/organizations/{orgId}</c>), or null.</summary>
    public string? OrgPreferredLanguage { get; }
    public string BotId { get; }
    public string BotEmail { get; }
    public string BotDisplayName { get; }
    public string BotToken { get; }
    public string AdminToken { get; }
    public string DataDirectory { get; }

    /// <summary>The key that seals paging cursors (from the seed, so a restart with kept state honours earlier links).</summary>
    internal byte[] CursorKey { get; }

    /// <summary>True when this start began from the seed (no saved state, another seed, or a reset).</summary>
    public bool Fresh { get; }

    internal string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A new id in Webex's shape: base64url of <c>ciscospark://us/{type}/{uuid}</c> (<c>PEOPLE</c>, <c>ROOM</c>, <c>WEBHOOK</c>, <c>CONTENT</c>…).</summary>
    internal static string NewId(string type) => Mercury.SandboxIds.NewRestId(type);

    private void LoadFromSeed(SeedDocument doc)
    {
        var created = Now();
        var bot = new SimPerson
        {
            Id = BotId, Email = BotEmail, DisplayName = BotDisplayName, Token = BotToken, IsBot = true, Created = created,
        };
        AddPerson(bot);
        foreach (var p in doc.People ?? [])
        {
            AddPerson(new SimPerson
            {
                Id = p.Id,
                Email = p.Email,
                DisplayName = p.DisplayName ?? p.Email,
                FirstName = p.FirstName,
                LastName = p.LastName,
                Roles = p.Roles ?? [],
                Status = p.Status ?? "active",
                External = p.External || (p.OrgId is not null && p.OrgId != doc.Org!.Id),
                OrgId = p.OrgId is not null && p.OrgId != doc.Org!.Id ? p.OrgId : null,
                InvitePending = p.InvitePending ?? (p.Status == "pending"),
                Token = p.Token,
                Licenses = p.Licenses ?? [],
                Calling = p.Calling is { } c ? new SimCalling(c.LocationId, c.PhoneNumber, c.Extension, new SimVoicemail(c.Voicemail?.Enabled ?? false, c.Voicemail?.PinSet ?? false)) : null,
                SiteAdminOf = p.SiteAdminOf ?? [],
                AttendeeSites = p.AttendeeSites ?? [],
                PreferredLanguage = p.PreferredLanguage,
                Created = created,
            });
        }

        foreach (var r in doc.Rooms ?? [])
        {
            var members = (r.Members ?? []).Select(m => _emailToId.TryGetValue(m, out var id) ? id : m).Distinct().ToList();
            _rooms[r.Id] = new SimRoom
            {
                Id = r.Id, Title = r.Title ?? (r.Type == "direct" ? "" : r.Id), Type = r.Type ?? "group", Members = members,
                CreatorId = members.FirstOrDefault(), Created = created, LastActivity = created,
            };
        }

        _store.PutMany(PersonKind, _people.Values.Select(p => (p.Id, p)));
        _store.PutMany(RoomKind, _rooms.Values.Select(r => (r.Id, r)));
    }

    private void LoadFromStore()
    {
        foreach (var p in _store.LoadAll<SimPerson>(PersonKind)) AddPerson(p);
        foreach (var r in _store.LoadAll<SimRoom>(RoomKind)) _rooms[r.Id] = r;
        foreach (var m in _store.LoadAll<SimMessage>(MessageKind)) _messages[m.Id] = m;
        foreach (var a in _store.LoadAll<SimAttachmentAction>(ActionKind)) _actions[a.Id] = a;
        foreach (var w in _store.LoadAll<SimWebhook>(WebhookKind)) _hooks[w.Id] = w;
        foreach (var c in _store.LoadAll<SimContent>(ContentKind)) _contents[c.Id] = c;
        foreach (var d in _store.LoadAll<SimDevice>(DeviceKind)) _devices[d.Id] = d;
        _messageSeq = _messages.Count == 0 ? 0 : _messages.Values.Max(m => m.Seq);
    }

    private void AddPerson(SimPerson p)
    {
        Invalidate(null, p);
        _people[p.Id] = p;
        _emailToId[p.Email] = p.Id;
        foreach (var l in p.Licenses) _consumed[l] = _consumed.GetValueOrDefault(l) + 1;
    }

    private void RemovePerson(SimPerson p)
    {
        Invalidate(p, null);
        _people.Remove(p.Id);
        _emailToId.Remove(p.Email);
        foreach (var l in p.Licenses) _consumed[l] = _consumed.GetValueOrDefault(l) - 1;
        _store.Delete(PersonKind, p.Id);
    }

    private void ReplacePerson(SimPerson before, SimPerson after)
    {
        Invalidate(before, after);
        foreach (var l in before.Licenses) _consumed[l] = _consumed.GetValueOrDefault(l) - 1;
        foreach (var l in after.Licenses) _consumed[l] = _consumed.GetValueOrDefault(l) + 1;
        _people[after.Id] = after;
        _emailToId[after.Email] = after.Id;
        _store.Put(PersonKind, after.Id, after);
    }

    /// <summary>Drops the sorted views a change of <paramref name="before"/> into <paramref name="after"/> makes stale.</summary>
    private void Invalidate(SimPerson? before, SimPerson? after)
    {
        _sortedPeople = null;
        foreach (var l in before?.Licenses ?? []) _holders.Remove(l);
        foreach (var l in after?.Licenses ?? []) _holders.Remove(l);
    }

    // ---- identities and people ----

    public SimIdentity? Authenticate(string token)
    {
        lock (_gate) return _tokens.GetValueOrDefault(token);
    }

    public SimPerson? FindPerson(string id)
    {
        lock (_gate) return _people.GetValueOrDefault(id);
    }

    /// <summary>The person whose REST id wraps <paramref name="uuid"/> (Webex's identity API names people by that UUID).</summary>
    public SimPerson? FindPersonByUuid(string uuid)
    {
        lock (_gate) return _people.Values.FirstOrDefault(p => string.Equals(Mercury.SandboxIds.Uuid(p.Id), uuid, StringComparison.OrdinalIgnoreCase));
    }

    public SimPerson? FindPersonByEmail(string email)
    {
        lock (_gate) return _emailToId.TryGetValue(email, out var id) ? _people.GetValueOrDefault(id) : null;
    }

    /// <summary>People of the org in a stable order (by id), bots and people of another org met only in spaces excluded, filtered.</summary>
    public IReadOnlyList<SimPerson> ListPeople(Func<SimPerson, bool>? filter = null)
    {
        lock (_gate)
        {
            var all = _sortedPeople ??= _people.Values.Where(p => !p.IsBot && p.OrgId is null).OrderBy(p => p.Id, StringComparer.Ordinal).ToList().AsReadOnly();
            return filter is null ? all : all.Where(filter).ToList();
        }
    }

    /// <summary>Everyone who holds a token (the bot included), for the dev console.</summary>
    public IReadOnlyList<SimPerson> Identities()
    {
        lock (_gate) return _people.Values.Where(p => p.Token is not null).OrderBy(p => p.IsBot ? 0 : 1).ThenBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    // ---- licences ----

    public IReadOnlyList<(SimLicense License, int Consumed)> ListLicenses()
    {
        lock (_gate) return _licenseList.Select(l => (l, _consumed.GetValueOrDefault(l.Id))).ToList();
    }

    public (SimLicense License, int Consumed)? GetLicense(string id)
    {
        lock (_gate) return _licenses.TryGetValue(id, out var l) ? (l, _consumed.GetValueOrDefault(id)) : null;
    }

    /// <summary>Holders of a licence in a stable order (by id).</summary>
    public IReadOnlyList<SimPerson> LicenseHolders(string id)
    {
        lock (_gate)
        {
            if (_holders.TryGetValue(id, out var known)) return known;
            var holders = _people.Values.Where(p => p.Licenses.Contains(id)).OrderBy(p => p.Id, StringComparer.Ordinal).ToList().AsReadOnly();
            _holders[id] = holders;
            return holders;
        }
    }

    public string? SubscriptionStatus(string? subscriptionId)
    {
        lock (_gate) return subscriptionId is null ? null : _subscriptions.GetValueOrDefault(subscriptionId);
    }

    /// <summary>A calling location's name from the seed (<c>locations[].name</c>); null when it has none.</summary>
    public string? LocationName(string locationId)
    {
        lock (_gate) return _locationNames.GetValueOrDefault(locationId);
    }

    /// <summary>Whether a meetings site offers attendee accounts (seed <c>sites[].attendeeAccounts</c>; rule R4).</summary>
    public bool SiteAllowsAttendees(string siteUrl)
    {
        lock (_gate) return _sites.GetValueOrDefault(siteUrl);
    }

    public bool IsMeetingLicense(string id)
    {
        lock (_gate) return _licenses.TryGetValue(id, out var l) && l.SiteUrl is not null;
    }

    /// <summary>Host sites (from meetings licences) and attendee sites of a person, as <c>(siteUrl, accountType)</c>.</summary>
    public IReadOnlyList<(string SiteUrl, string AccountType)> SitesOf(SimPerson p)
    {
        lock (_gate)
        {
            var hosts = p.Licenses.Select(l => _licenses.GetValueOrDefault(l)?.SiteUrl).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(s => (s, "host"));
            return hosts.Concat(p.AttendeeSites.Select(s => (s, "attendee"))).ToList();
        }
    }

    public void Dispose() => _store.Dispose();
}
