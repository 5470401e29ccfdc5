using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Jobs;

/// <summary>
/// The planner as first written (LINQ, a list per step, texts made per row): slow to allocate but easy to read, kept as
/// the oracle that <see cref="BulkPlanBuilder"/> — rewritten to allocate little — must agree with on any input.
/// </summary>
internal sealed class ReferenceBulkPlanBuilder(OrgSnapshot snapshot, string title)
{
    /// <summary>The per-user rules of the licensing area that a bulk row is held to (R4 and R7 are handled per plan).</summary>
    private static readonly ILicenceRule[] RowRules =
    [
        new R8PendingExternal(),
        new R1OneCallingLicence(),
        new R2AttendantConsoleNeedsProfessional(),
        new R3StandardExcludesCxEssentials(),
        new SubscriptionMustBeActive(),
        new R12CallingDowngrade(),
        new CallingPropertiesAvailable(),
    ];

    private static readonly IReadOnlyDictionary<string, MeetingAccountType> NoAccountTypes = new Dictionary<string, MeetingAccountType>();
    private static readonly IReadOnlySet<string> NoSites = new HashSet<string>();

    private readonly List<PlannedRow> _rows = [];
    private readonly List<ProblemRow> _problems = [];
    private readonly Dictionary<string, int> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (int Added, int Removed)> _units = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];
    private int _unchanged;

    public OrgSnapshot Snapshot => snapshot;

    public void Note(string note) => _notes.Add(note);

    /// <summary>A row that could not be read at all (bad value, no e-mail).</summary>
    public void AddProblem(int sourceRow, string email, LocalText reason) =>
        _problems.Add(new ProblemRow(sourceRow, email, snapshot.Find(email)?.Id, reason, "", ""));

    /// <summary>
    /// One wanted change: licences the user should hold (<paramref name="wantHeld"/>) and should not
    /// (<paramref name="wantNotHeld"/>); licences named in neither stay as they are.
    /// </summary>
    public void AddChange(int sourceRow, string email, IEnumerable<string> wantHeld, IEnumerable<string> wantNotHeld)
    {
        var user = snapshot.Find(email);
        if (user is null)
        {
            _problems.Add(new ProblemRow(sourceRow, email, null, LocalText.Verbatim(BotText.Format("bulk.plan.unknown_user", email)), "", ""));
            return;
        }
        if (_seen.TryGetValue(user.Email, out var first))
        {
            _problems.Add(new ProblemRow(sourceRow, email, user.Id, LocalText.Verbatim(BotText.Format("bulk.plan.duplicate", first)), "", ""));
            return;
        }
        _seen[user.Email] = sourceRow;

        var before = user.LicenceIds.Select(Licence).ToList();
        var adds = wantHeld.Where(id => !user.HasLicence(id)).Distinct(StringComparer.Ordinal).Select(Licence).ToList();
        var removes = wantNotHeld.Where(user.HasLicence).Distinct(StringComparer.Ordinal).Select(Licence).ToList();
        if (adds.Count == 0 && removes.Count == 0)
        {
            _unchanged++;
            return;
        }

        var after = before.Where(b => !removes.Contains(b)).Concat(adds).ToList();
        var beforeText = Text(before);
        var afterText = Text(after);
        IReadOnlyList<string> warnings = [];
        var reason = BulkRefusal(user, removes, after) ?? RuleRefusal(user, before, after, out warnings);
        if (reason is not null)
        {
            _problems.Add(new ProblemRow(sourceRow, user.Email, user.Id, LocalText.Verbatim(reason), beforeText, afterText));
            return;
        }

        foreach (var licence in adds) Count(licence.Id, added: 1, removed: 0);
        foreach (var licence in removes) Count(licence.Id, added: 0, removed: 1);
        _rows.Add(new PlannedRow(
            sourceRow, user.Email, user.Id, user.LicenceIds,
            adds.Select(l => NeedsCallingProperties(l) && user.Calling is { } c ? new LicenceAdd(l.Id, c.LocationId, c.PhoneNumber, c.Extension) : new LicenceAdd(l.Id)).ToList(),
            removes.Select(l => l.Id).ToList(),
            beforeText, afterText, Kind(adds, removes), warnings.Select(LocalText.Verbatim).ToList()));
    }

    public BulkPlan Build()
    {
        var units = _units
            .Select(u => new LicenceUnits(Licence(u.Key), u.Value.Added, u.Value.Removed))
            .OrderBy(u => u.Licence.Kind.IsCalling ? 0 : 1)
            .ThenBy(u => u.Licence.Label, StringComparer.OrdinalIgnoreCase)
            .ToList();
        // R7 over the whole plan: every unit the plan adds must be free once its removals are counted.
        var planProblems = units.Where(u => u.Added > 0 && u.FreeAfter < 0)
            .Select(u => "R7: " + BotText.Format("bulk.plan.r7", u.Licence.Label, u.Added - u.Removed, u.Licence.FreeUnits, -u.FreeAfter))
            .Select(LocalText.Verbatim)
            .ToList();
        var problems = _problems.OrderBy(p => p.SourceRow).ToList();
        var labels = snapshot.Org.Licences.ToDictionary(l => l.Id, l => l.Label, StringComparer.Ordinal);
        return new BulkPlan(title, _rows, problems, _unchanged, units, planProblems, _notes, labels);
    }

    /// <summary>What a bulk tool must not do even where a single edit could (R5, R6).</summary>
    private static string? BulkRefusal(LicensedUser user, List<Licence> removes, List<Licence> after)
    {
        var suspended = removes.FirstOrDefault(l => l.SubscriptionState != SubscriptionState.Active);
        if (suspended is not null)
            return "R6: " + BotText.Format("bulk.plan.r6", suspended.Label, user.Email);
        if (removes.Any(l => l.Kind.IsCalling) && !after.Any(l => l.Kind.IsCalling))
            return "R5: " + BotText.Format("bulk.plan.r5", user.Email);
        return null;
    }

    private static string? RuleRefusal(LicensedUser user, List<Licence> before, List<Licence> after, out IReadOnlyList<string> warnings)
    {
        var context = new RuleContext(user, before, after, NoAccountTypes, NoSites);
        List<string>? found = null;
        string? violation = null;
        foreach (var rule in RowRules)
        {
            foreach (var finding in rule.Check(context))
            {
                if (finding.Severity == FindingSeverity.Violation) violation ??= $"{finding.RuleId}: {finding.Text.In(BotLanguage.English)}";
                else (found ??= []).Add($"{finding.RuleId}: {finding.Text.In(BotLanguage.English)}");
            }
        }
        warnings = found ?? (IReadOnlyList<string>)[];
        return violation;
    }

    /// <summary>Calling and CX Essentials licences carry the user's own number/extension/location (Webex 400411).</summary>
    private static bool NeedsCallingProperties(Licence licence) => licence.Kind.IsCalling || licence.Kind.IsCxEssentials;

    private static ChangeKind Kind(List<Licence> adds, List<Licence> removes) =>
        adds.Count(l => l.Kind.IsCalling) == 1 && removes.Count(l => l.Kind.IsCalling) == 1 ? ChangeKind.Move
        : removes.Count == 0 ? ChangeKind.Add
        : adds.Count == 0 ? ChangeKind.Remove
        : ChangeKind.Change;

    private void Count(string id, int added, int removed)
    {
        var (a, r) = _units.GetValueOrDefault(id);
        _units[id] = (a + added, r + removed);
    }

    private Licence Licence(string id) => snapshot.Org.Find(id)
        ?? LicenseBot.Core.Licensing.Model.Licence.NotInOrg(id); // the admin reads "a licence not in this org's list", never the id

    private static string Text(List<Licence> licences) => licences.Count == 0 ? "-" : string.Join(" + ", licences.Select(l => l.Label));
}
