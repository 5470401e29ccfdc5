using System.Runtime.InteropServices;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Bulk.Planning;

/// <summary>
/// Builds a bulk plan row by row, in O(rows): each wanted change is diffed against the user's live licences (R10),
/// checked with the same rule objects as a single edit (<see cref="LicenceRules.Bulk"/>: R1, R2, R3, R6, R8, R12, calling
/// properties, and the refusals where a bulk tool must not go: R5 removal without replacement, R6 out of a suspended
/// subscription), and counted per licence for the rules over the whole plan (R7).
/// </summary>
/// <remarks>
/// A plan of 20,000 rows is built while the upload streams in, so a row costs only what the plan keeps: rows that
/// change nothing allocate nothing, the per-row licence lists are scratch lists reused from row to row, and the
/// "before"/"after" texts are shared between rows that hold the same licences (<see cref="LicenceTexts"/>).
/// </remarks>
public sealed class BulkPlanBuilder(OrgSnapshot snapshot, string title)
{
    private static readonly IReadOnlyDictionary<string, MeetingAccountType> NoAccountTypes = new Dictionary<string, MeetingAccountType>();
    private static readonly IReadOnlySet<string> NoSites = new HashSet<string>();

    private readonly List<PlannedRow> _rows = [];
    private readonly List<ProblemRow> _problems = [];
    // Whether a row named the user already, and which, by the user's number in the snapshot: two arrays of the org's
    // size instead of a dictionary growing with the file.
    private int[]? _firstRow;
    private bool[]? _named;
    private readonly Dictionary<string, (int Added, int Removed)> _units = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];
    private int _unchanged;

    // One Licence object per id for the whole plan (unknown ids included), so rows compare licences by reference.
    private readonly Dictionary<string, Licence> _unknownLicences = new(StringComparer.Ordinal);
    private readonly LicenceTexts _texts = new();

    // Scratch lists, refilled for every row; only what a planned row keeps is copied out of them.
    private readonly List<Licence> _before = [];
    private readonly List<Licence> _after = [];
    private readonly List<Licence> _adds = [];
    private readonly List<Licence> _removes = [];
    private readonly HashSet<Licence> _distinct = new(ReferenceEqualityComparer.Instance);

    public OrgSnapshot Snapshot => snapshot;

    public void Note(string note) => _notes.Add(note);

    /// <summary>A row that could not be read at all (bad value, no e-mail).</summary>
    public void AddProblem(int sourceRow, string email, LocalText reason) =>
        _problems.Add(new ProblemRow(sourceRow, email, snapshot.Find(email)?.Id, reason, "", ""));

    /// <summary>
    /// One wanted change: licences the user should hold (<paramref name="wantHeld"/>) and should not
    /// (<paramref name="wantNotHeld"/>); licences named in neither stay as they are.
    /// </summary>
    public void AddChange(int sourceRow, string email, IEnumerable<string> wantHeld, IEnumerable<string> wantNotHeld) =>
        AddChange(sourceRow, email, email, wantHeld, wantNotHeld);

    /// <summary>
    /// <see cref="AddChange(int, string, IEnumerable{string}, IEnumerable{string})"/> for an e-mail address still in the
    /// CSV reader's buffer: a string is made of it only when a problem row has to keep it.
    /// </summary>
    internal void AddChange(int sourceRow, ReadOnlySpan<char> email, IEnumerable<string> wantHeld, IEnumerable<string> wantNotHeld) =>
        AddChange(sourceRow, null, email, wantHeld, wantNotHeld);

    private void AddChange(int sourceRow, string? emailText, ReadOnlySpan<char> email, IEnumerable<string> wantHeld, IEnumerable<string> wantNotHeld)
    {
        if (!snapshot.TryFind(email, out var user, out var number))
        {
            emailText ??= email.ToString();
            _problems.Add(new ProblemRow(sourceRow, emailText, null, LocalText.Of("bulk.plan.unknown_user", emailText), "", ""));
            return;
        }
        _named ??= new bool[snapshot.UserCount];
        _firstRow ??= new int[snapshot.UserCount];
        if (_named[number])
        {
            _problems.Add(new ProblemRow(sourceRow, emailText ?? email.ToString(), user.Id, LocalText.Of("bulk.plan.duplicate", _firstRow[number]), "", ""));
            return;
        }
        (_named[number], _firstRow[number]) = (true, sourceRow);

        // adds: wanted and not held; removes: unwanted and held; each licence once, in the order the row names them.
        _adds.Clear();
        _removes.Clear();
        Collect(user, wantHeld, held: false, _adds);
        Collect(user, wantNotHeld, held: true, _removes);
        if (_adds.Count == 0 && _removes.Count == 0)
        {
            _unchanged++;
            return;
        }

        _before.Clear();
        _after.Clear();
        var ids = user.LicenceIds;
        for (var i = 0; i < ids.Count; i++) _before.Add(Licence(ids[i]));
        foreach (var licence in _before)
            if (!_removes.Contains(licence)) _after.Add(licence);
        _after.AddRange(_adds);
        var beforeText = _texts.Get(_before);
        var afterText = _texts.Get(_after);
        IReadOnlyList<LocalText> warnings = [];
        var reason = RuleRefusal(user, _before, _after, out warnings);
        if (reason is not null)
        {
            _problems.Add(new ProblemRow(sourceRow, user.Email, user.Id, reason, beforeText, afterText));
            return;
        }

        var adds = new LicenceAdd[_adds.Count];
        for (var i = 0; i < adds.Length; i++)
        {
            var licence = _adds[i];
            Count(licence.Id, added: 1, removed: 0);
            adds[i] = LicenceAdd.For(licence, user.Calling);
        }
        var removeIds = new string[_removes.Count];
        for (var i = 0; i < removeIds.Length; i++)
        {
            Count(_removes[i].Id, added: 0, removed: 1);
            removeIds[i] = _removes[i].Id;
        }
        _rows.Add(new PlannedRow(sourceRow, user.Email, user.Id, user.LicenceIds, adds, removeIds, beforeText, afterText, Kind(_adds, _removes), warnings));
    }

    public BulkPlan Build()
    {
        // Calling first (what a move is about, and where R7 bites), then by name.
        var units = _units
            .Select(u => new LicenceUnits(Licence(u.Key), u.Value.Added, u.Value.Removed))
            .OrderBy(u => u.Licence.Kind.IsCalling ? 0 : 1)
            .ThenBy(u => u.Licence.Label, StringComparer.OrdinalIgnoreCase)
            .ToList();
        // The rules over the whole plan (R7: every unit the plan adds must be free once its removals are counted).
        var planProblems = LicenceRules.Plan.SelectMany(rule => rule.CheckPlan(units)).Select(f => f.Line).ToList();
        var problems = _problems.OrderBy(p => p.SourceRow).ToList();
        var labels = snapshot.Org.Licences.ToDictionary(l => l.Id, l => l.Label, StringComparer.Ordinal);
        return new BulkPlan(title, _rows, problems, _unchanged, units, planProblems, _notes, labels);
    }

    /// <summary>The licences of <paramref name="ids"/> the user holds (or does not hold), each once, in order, into <paramref name="into"/>.</summary>
    private void Collect(LicensedUser user, IEnumerable<string> ids, bool held, List<Licence> into)
    {
        _distinct.Clear();
        if (ids is IReadOnlyList<string> list)
        {
            // Indexed, so a List<string> handed over as IEnumerable is walked without boxing its enumerator.
            for (var i = 0; i < list.Count; i++) Take(list[i]);
        }
        else
        {
            foreach (var id in ids) Take(id);
        }

        void Take(string id)
        {
            if (Holds(user.LicenceIds, id) != held) return;
            var licence = Licence(id);
            if (_distinct.Add(licence)) into.Add(licence);
        }
    }

    /// <summary>What <see cref="LicensedUser.HasLicence"/> answers, without an enumerator per call.</summary>
    private static bool Holds(IReadOnlyList<string> licenceIds, string id)
    {
        for (var i = 0; i < licenceIds.Count; i++)
            if (string.Equals(licenceIds[i], id, StringComparison.Ordinal)) return true;
        return false;
    }

    private static LocalText? RuleRefusal(LicensedUser user, List<Licence> before, List<Licence> after, out IReadOnlyList<LocalText> warnings)
    {
        // The rules only read the context while they run; nothing keeps it, so the scratch lists can be handed over.
        var context = new RuleContext(user, before, after, NoAccountTypes, NoSites) { InBulk = true };
        List<LocalText>? found = null;
        LocalText? refusal = null;
        LocalText? violation = null;
        foreach (var rule in LicenceRules.Bulk)
        {
            foreach (var finding in rule.Check(context))
            {
                switch (finding.Severity)
                {
                    case FindingSeverity.BulkRefusal: refusal ??= finding.Line; break;
                    case FindingSeverity.Violation: violation ??= finding.Line; break;
                    default: (found ??= []).Add(finding.Line); break;
                }
            }
        }
        // A refused row is not applied at all, so its warnings are not shown.
        warnings = refusal is null ? found ?? (IReadOnlyList<LocalText>)[] : [];
        return refusal ?? violation;
    }

    /// <summary>A row that replaces one calling licence by another is a calling move, whatever else it changes (a subscription move moves the other licences too).</summary>
    private static ChangeKind Kind(List<Licence> adds, List<Licence> removes) =>
        CountCalling(adds) == 1 && CountCalling(removes) == 1 ? ChangeKind.Move
        : removes.Count == 0 ? ChangeKind.Add
        : adds.Count == 0 ? ChangeKind.Remove
        : ChangeKind.Change;

    private static int CountCalling(List<Licence> licences)
    {
        var n = 0;
        foreach (var licence in licences)
            if (licence.Kind.IsCalling) n++;
        return n;
    }

    private void Count(string id, int added, int removed)
    {
        ref var units = ref CollectionsMarshal.GetValueRefOrAddDefault(_units, id, out _);
        units = (units.Added + added, units.Removed + removed);
    }

    private Licence Licence(string id)
    {
        if (snapshot.Org.Find(id) is { } known) return known;
        ref var unknown = ref CollectionsMarshal.GetValueRefOrAddDefault(_unknownLicences, id, out var exists);
        if (!exists) unknown = LicenseBot.Core.Licensing.Model.Licence.NotInOrg(id);
        return unknown!;
    }
}
