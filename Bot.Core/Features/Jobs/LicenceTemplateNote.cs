using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Jobs;

/// <summary>
/// The template trap: the org's automatic licence assignment (Control Hub's licence template) goes on giving new users
/// the licences it names, whatever a job moved, and Webex has no public API to read or change it. So after a
/// <c>move all</c>, and after any other job that left a calling licence with no users, the result says so plainly and
/// where in Control Hub to change it.
/// </summary>
public static class LicenceTemplateNote
{
    /// <param name="removed">The licences the job's done rows removed.</param>
    /// <param name="org">The org's licences read after the job: units in use as they are now.</param>
    /// <returns>The note, or null when the job leaves no such trap.</returns>
    public static string? For(BulkJob job, IReadOnlyCollection<string> removed, OrgLicences org)
    {
        if (removed.Count == 0) return null;
        if (job.Kind == JobKind.SubscriptionMove)
        {
            var from = removed.Select(id => org.Find(id)?.SubscriptionId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return from.Count == 0 ? null : BotText.Format("jobs.template.move", string.Join(", ", from)) + " " + BotText.Get("jobs.template.where");
        }
        var emptied = removed.Select(org.Find).OfType<Licence>()
            .Where(l => l.Kind.IsCalling && l.ConsumedUnits == 0)
            .Select(l => l.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return emptied.Count == 0 ? null : BotText.Format("jobs.template.emptied", string.Join(", ", emptied)) + " " + BotText.Get("jobs.template.where");
    }
}
