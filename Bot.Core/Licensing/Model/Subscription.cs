namespace LicenseBot.Core.Licensing.Model;

public sealed record Subscription(string Id, SubscriptionState State, IReadOnlyList<Licence> Licences);
