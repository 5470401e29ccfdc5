using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Bulk.Planning;

/// <summary>How many users a read has seen so far, for the admin's progress message.</summary>
public sealed class ReadCount
{
    private long _users;

    public long Users => Interlocked.Read(ref _users);

    internal void Add(long users) => Interlocked.Add(ref _users, users);
}

/// <summary>
/// Reads what a bulk plan or an export needs, and no more, with batched and concurrent reads under the shared admin
/// budget (<see cref="WebexPacer"/>):
/// <list type="bullet">
/// <item><b>Users named by e-mail</b> (a CSV): few of them — one look-up each (<c>GET /people?email=&amp;callingData=true</c>,
/// licences included), several at a time; many — who holds each licence (<c>GET /licenses/{id}?includeAssignedTo=user</c>,
/// 300 a page, every licence at once), then the named users' calling data by id, 85 a call, as their ids turn up.</item>
/// <item><b>Holders of some licences</b> (<c>move all from A</c>): every licence's holder pages at once — Webex tells who
/// holds what in bulk only there, and a plan needs each user's whole set — and calling data only for A's holders.</item>
/// <item><b>Everyone</b> (<c>export</c>): the people pages and the holder pages at the same time, each user handed on
/// as soon as both are known.</item>
/// </list>
/// The licence holder lists are the source of truth for who holds what (a people page may leave licences out; a list
/// by id always does).
/// </summary>
public sealed class OrgReader(ILicensingService licensing, IWebexAdmin admin, IOptions<LicensingOptions> licensingOptions, IOptions<WebexOptions> webexOptions)
{
    private const int HoldersPerPage = 300;
    private const int MaxIds = WebexAdminClient.MaxIdsPerList;

    private int Parallelism => Math.Clamp(webexOptions.Value.MaxConcurrency, 1, 64);

    /// <summary>The org's licences, with units and subscription states (one call).</summary>
    public Task<OrgLicences> ReadLicencesAsync(CancellationToken ct) => licensing.GetOrgAsync(ct);

    /// <summary>The users with these e-mail addresses (those Webex knows), with their licences and calling data.</summary>
    public async Task<OrgSnapshot> ReadUsersAsync(OrgLicences org, IReadOnlyCollection<string> emails, ReadCount? count, CancellationToken ct)
    {
        var named = new HashSet<string>(emails, StringComparer.OrdinalIgnoreCase);
        // A look-up per user (all at once: one round trip when the budget allows), or every holder page (each licence's
        // pages one after another) plus a call per 85 users: the pages only when they take less than half the calls.
        var holderPages = org.Licences.Sum(l => 1 + l.ConsumedUnits / HoldersPerPage);
        if (2 * (holderPages + named.Count / MaxIds) >= named.Count)
            return new OrgSnapshot(org, await ByEmailAsync(named, count, ct));

        var (users, holders) = await ViaHoldersAsync(org, h => named.Contains(h.Email), count, ct);
        var found = new HashSet<string>(users.Select(u => u.User.Email), StringComparer.OrdinalIgnoreCase);
        // Named users who hold no licence are in no holder list: look them up one by one.
        var missing = named.Where(e => !found.Contains(e) && !holders.ContainsEmail(e)).ToList();
        users.AddRange(await ByEmailAsync(missing, count, ct));
        return new OrgSnapshot(org, users);
    }

    /// <summary>Everyone holding one of <paramref name="licenceIds"/>, with every licence they hold and their calling data.</summary>
    public async Task<OrgSnapshot> ReadHoldersAsync(OrgLicences org, IReadOnlyCollection<string> licenceIds, ReadCount? count, CancellationToken ct)
    {
        var wanted = new HashSet<string>(licenceIds, StringComparer.Ordinal);
        if (wanted.Count == 0) return new OrgSnapshot(org, []);
        var (users, _) = await ViaHoldersAsync(org, _ => true, count, ct, onlyLicences: wanted);
        users.Sort((a, b) => string.CompareOrdinal(a.User.Id, b.User.Id)); // a stable order for the plan's rows
        return new OrgSnapshot(org, users);
    }

    /// <summary>Every person of the org (bots left out) with their licences, as the people pages list them, streamed.</summary>
    public async IAsyncEnumerable<SnapshotUser> ReadAllAsync(OrgLicences org, ReadCount? count, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var holdersTask = ReadHolderIndexAsync(org, onPage: null, stop.Token);
        var waiting = new List<WebexPerson>();
        HolderIndex? holders = null;
        try
        {
            await foreach (var person in admin.ListPeopleAsync(callingData: false, stop.Token))
            {
                if (person.Type is "bot") continue;
                count?.Add(1);
                if (holders is null && holdersTask.IsCompleted) holders = await holdersTask;
                if (holders is null)
                {
                    waiting.Add(person);
                    continue;
                }
                foreach (var early in waiting) yield return ToUser(early, holders);
                waiting.Clear();
                yield return ToUser(person, holders);
            }
            holders ??= await holdersTask;
            foreach (var early in waiting) yield return ToUser(early, holders);
        }
        finally
        {
            await stop.CancelAsync();
            try { await holdersTask; } catch (OperationCanceledException) { }
        }
    }

    private SnapshotUser ToUser(WebexPerson person, HolderIndex holders)
    {
        var user = UserMapper.ToUser(person, licensingOptions.Value.OrgId, []) with { LicenceIds = holders.LicencesOf(person.Id) };
        return new SnapshotUser(user, person.FirstName, person.LastName, person.Status);
    }

    /// <summary>One look-up per address (licences and calling data included), several at a time.</summary>
    private async Task<List<SnapshotUser>> ByEmailAsync(IReadOnlyCollection<string> emails, ReadCount? count, CancellationToken ct)
    {
        var users = new List<SnapshotUser>(emails.Count);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(emails, parallel, async (email, c) =>
        {
            var person = await WebexRead.Run(() => admin.FindPersonByEmailAsync(email, callingData: true, c), c);
            count?.Add(1);
            if (person is null || person.Type is "bot") return;
            var user = UserMapper.ToUser(person, licensingOptions.Value.OrgId, []);
            lock (users) users.Add(new SnapshotUser(user, person.FirstName, person.LastName, person.Status));
        });
        return users;
    }

    /// <summary>
    /// Every licence's holders, all at once; the holders <paramref name="wanted"/> picks (on the pages of
    /// <paramref name="onlyLicences"/>, or any page) get their calling data by id, 85 a call, while the holder pages are
    /// still coming: a wanted user is known as soon as a page names them.
    /// </summary>
    private async Task<(List<SnapshotUser> Users, HolderIndex Holders)> ViaHoldersAsync(
        OrgLicences org, Func<Holder, bool> wanted, ReadCount? count, CancellationToken ct, IReadOnlySet<string>? onlyLicences = null)
    {
        var ids = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var asked = new HashSet<string>(StringComparer.Ordinal);
        var people = new List<WebexPerson>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var fetching = FetchByIdAsync(ids.Reader, people, count, stop.Token);
        HolderIndex holders;
        try
        {
            holders = await ReadHolderIndexAsync(org, page =>
            {
                // Only the pages of the licences asked about name wanted users (the others' pages complete their sets).
                if (onlyLicences is not null && !onlyLicences.Contains(page.LicenceId)) return;
                lock (asked)
                {
                    foreach (var holder in page.Holders)
                        if (wanted(holder) && asked.Add(holder.Id)) ids.Writer.TryWrite(holder.Id);
                }
            }, stop.Token);
            ids.Writer.TryComplete();
            await fetching;
        }
        catch
        {
            ids.Writer.TryComplete();
            await stop.CancelAsync();
            try { await fetching; } catch (OperationCanceledException) { }
            throw;
        }

        var users = new List<SnapshotUser>(people.Count);
        var returned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            if (person.Type is "bot" || !returned.Add(person.Id)) continue;
            users.Add(ToUser(person, holders));
        }
        // Holders a list by id did not return (another org's users, say): by e-mail instead.
        var unreturned = asked.Where(id => !returned.Contains(id)).Select(id => holders.Get(id)?.Email).OfType<string>().ToList();
        foreach (var extra in await ByEmailAsync(unreturned, count, ct))
            users.Add(extra with { User = extra.User with { LicenceIds = holders.LicencesOf(extra.User.Id) } });
        return (users, holders);
    }

    /// <summary>Calling data for the ids as they come, 85 a call, several calls at a time.</summary>
    private async Task FetchByIdAsync(ChannelReader<string> ids, List<WebexPerson> into, ReadCount? count, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        var calls = new List<Task>();
        while (await ids.WaitToReadAsync(ct))
        {
            var batch = new List<string>(MaxIds);
            while (batch.Count < MaxIds && ids.TryRead(out var id)) batch.Add(id);
            if (batch.Count == 0) continue;
            await slots.WaitAsync(ct);
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    var found = await WebexRead.Run(() => admin.ListPeopleByIdAsync(batch, callingData: true, ct), ct);
                    count?.Add(found.Count);
                    lock (into) into.AddRange(found);
                }
                finally
                {
                    slots.Release();
                }
            }, ct));
        }
        await Task.WhenAll(calls);
    }

    /// <summary>Who holds each licence: every licence's pages at the same time, each licence's pages in order.</summary>
    private async Task<HolderIndex> ReadHolderIndexAsync(OrgLicences org, Action<HolderPage>? onPage, CancellationToken ct)
    {
        var index = new HolderIndex(org);
        var licences = org.Licences.OrderByDescending(l => l.ConsumedUnits).ToList(); // the longest lists start first
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(licences, parallel, async (licence, c) =>
        {
            var page = new List<WebexLicenseUser>(HoldersPerPage);
            await foreach (var user in admin.ListLicenseUsersAsync(licence.Id, c))
            {
                page.Add(user);
                if (page.Count < HoldersPerPage) continue;
                Take(licence.Id, page);
                page.Clear();
            }
            if (page.Count > 0) Take(licence.Id, page);
        });
        return index;

        void Take(string licenceId, List<WebexLicenseUser> users)
        {
            var holders = index.Add(licenceId, users);
            onPage?.Invoke(new HolderPage(licenceId, holders));
        }
    }

    private sealed record HolderPage(string LicenceId, IReadOnlyList<Holder> Holders);

    /// <summary>A licensed user as the holder lists show them: id, e-mail, and the licences seen so far.</summary>
    private sealed class Holder(string id, string email)
    {
        public string Id { get; } = id;
        public string Email { get; } = email;
        public List<string> Licences { get; } = [];
    }

    /// <summary>Who holds what, by person id; each user's licences in the org's order.</summary>
    private sealed class HolderIndex(OrgLicences org)
    {
        private readonly Dictionary<string, Holder> _byId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _order = org.Licences.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        private HashSet<string>? _emails;

        public IReadOnlyList<Holder> Add(string licenceId, List<WebexLicenseUser> users)
        {
            var page = new List<Holder>(users.Count);
            lock (_byId)
            {
                foreach (var user in users)
                {
                    if (!_byId.TryGetValue(user.Id, out var holder)) _byId[user.Id] = holder = new Holder(user.Id, user.Email ?? "");
                    holder.Licences.Add(licenceId);
                    page.Add(holder);
                }
            }
            return page;
        }

        public Holder? Get(string id) => _byId.GetValueOrDefault(id);

        public bool ContainsEmail(string email) =>
            (_emails ??= new HashSet<string>(_byId.Values.Select(h => h.Email), StringComparer.OrdinalIgnoreCase)).Contains(email);

        public IReadOnlyList<string> LicencesOf(string personId)
        {
            if (!_byId.TryGetValue(personId, out var holder)) return [];
            if (holder.Licences.Count > 1) holder.Licences.Sort((a, b) => _order.GetValueOrDefault(a).CompareTo(_order.GetValueOrDefault(b)));
            return holder.Licences;
        }
    }
}

/// <summary>Reads under the shared budget: a <c>429</c> is waited out (the budget pauses every caller) and asked again.</summary>
internal static class WebexRead
{
    private const int MaxThrottled = 50;

    public static async Task<T> Run<T>(Func<Task<T>> read, CancellationToken ct)
    {
        for (var throttled = 0; ; throttled++)
        {
            try
            {
                return await read();
            }
            catch (WebexApiException ex) when (ex.Status == HttpStatusCode.TooManyRequests && throttled < MaxThrottled && !ct.IsCancellationRequested)
            {
            }
        }
    }
}
