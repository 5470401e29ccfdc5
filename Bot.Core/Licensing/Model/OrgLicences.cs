namespace LicenseBot.Core.Licensing.Model;

/// <summary>The org's licences at one moment, with their subscriptions.</summary>
public sealed record OrgLicences(IReadOnlyList<Licence> Licences)
{
    private readonly Dictionary<string, Licence> _byId = Licences.ToDictionary(l => l.Id, StringComparer.Ordinal);

    /// <summary>Subscriptions in first-seen order; licences without one are grouped under <see cref="NoSubscription"/>.</summary>
    public IReadOnlyList<Subscription> Subscriptions { get; } = Licences
        .GroupBy(l => l.SubscriptionId ?? NoSubscription)
        .Select(g => new Subscription(g.Key, g.First().SubscriptionState, g.ToList()))
        .ToList();

    public const string NoSubscription = "";

    public Licence? Find(string id) => _byId.GetValueOrDefault(id);

    public IEnumerable<IGrouping<ServiceFamily, Licence>> ByFamily() =>
        Licences.GroupBy(l => l.Family).OrderBy(g => g.Key);
}
