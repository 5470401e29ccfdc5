using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R5: removing the calling licence with no calling licence added in the same change destroys the user's calling
/// data. In a single edit not refused — shown as destructive, and the flow asks for a second confirmation; a bulk plan
/// never does it (no admin looks at that one row).
/// </summary>
public sealed class R5CallingDataLoss : ILicenceRule
{
    private const string ChangeText = "licensing.rule.R5";
    private const string BulkText = "bulk.plan.r5";

    public string Id => "R5";

    public static bool IsDestructive(RuleContext change) => AnyCalling(change.Removed) && !AnyCalling(change.After);

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        if (!IsDestructive(change)) return [];
        if (change.InBulk) return [RuleFinding.BulkRefusal(Id, LocalText.Of(BulkText, change.User.Email))];
        // Without calling data there is nothing to lose yet: that is R9's case.
        if (change.User.Calling is not { IsEmpty: false } calling) return [];
        return [RuleFinding.Warning(Id, LocalText.Of(ChangeText, calling.PhoneNumber ?? "-", calling.Extension ?? "-"))];
    }

    private static bool AnyCalling(IReadOnlyList<Licence> licences)
    {
        for (var i = 0; i < licences.Count; i++)
            if (licences[i].Kind.IsCalling) return true;
        return false;
    }
}
