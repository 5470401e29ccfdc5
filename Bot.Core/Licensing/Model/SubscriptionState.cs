namespace LicenseBot.Core.Licensing.Model;

/// <summary>A subscription's state. Webex's admin API does not report it; <see cref="Facts.ISubscriptionStates"/> supplies it.</summary>
public enum SubscriptionState
{
    Active,
    Suspended,
    Cancelled,
}
