using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R9: a calling licence added moments ago may not open its settings; removing and re-assigning it is the remedy.
/// Only such a licence — one without calling data yet — may go without the R5 data-loss treatment; the admin is told
/// that nothing is lost and that it should be assigned again.
/// </summary>
public sealed class R9CallingRepair : ILicenceRule
{
    public string Id => "R9";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        var removed = change.Removed.FirstOrDefault(l => l.Kind.IsCalling);
        if (removed is not null && !change.CallingAfter.Any() && change.User.Calling is null or { IsEmpty: true })
            yield return RuleFinding.Warning(Id, BotText.Format("licensing.rule.R9", removed.Label));
    }
}
