using System.Text.Json;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary>Simulator records → the Webex JSON shapes (the shared models of Bot.Core/Webex, as the spec names them).</summary>
internal static class SandboxMapper
{
    public const string ExternalOrgId = "ORG-EXTERNAL";

    /// <summary>The org a person belongs to: their own (a seeded <c>orgId</c>), a stand-in for an external user's, or this org.</summary>
    public static string OrgOf(SandboxState state, SimPerson p) => p.OrgId ?? (p.External ? ExternalOrgId : state.OrgId);

    public static WebexPerson Person(SandboxState state, SimPerson p, bool callingData)
    {
        var sites = state.SitesOf(p).Select(s => s.AccountType == "attendee" ? $"{s.SiteUrl}#attendee" : s.SiteUrl).ToList();
        return new WebexPerson
        {
            Id = p.Id,
            Emails = [p.Email],
            DisplayName = p.DisplayName,
            FirstName = p.FirstName,
            LastName = p.LastName,
            OrgId = OrgOf(state, p),
            Roles = p.Roles,
            Licenses = p.Licenses,
            SiteUrls = sites.Count > 0 ? sites : null,
            Created = p.Created,
            LastModified = p.LastModified,
            Status = p.Status,
            InvitePending = p.InvitePending,
            LoginEnabled = !p.IsBot,
            Type = p.IsBot ? "bot" : "person",
            PhoneNumbers = callingData && p.Calling?.PhoneNumber is { } phone ? [new WebexPhoneNumber("work", phone, true)] : null,
            Extension = callingData ? p.Calling?.Extension : null,
            LocationId = callingData ? p.Calling?.LocationId : null,
        };
    }

    /// <summary>A person as <c>GET /people?id=</c> lists them: no admin fields (licences, roles) and no presence (status).</summary>
    public static WebexPerson PersonById(SandboxState state, SimPerson p, bool callingData) =>
        Person(state, p, callingData) with { Licenses = null, Roles = null, SiteUrls = null, Status = null };

    public static WebexPerson ServiceApp(SandboxState state, SimIdentity id) => new()
    {
        Id = id.PersonId,
        Emails = [$"service-app@{state.OrgId.ToLowerInvariant()}.sandbox"],
        DisplayName = "LicenseBot service app",
        OrgId = state.OrgId,
        Roles = ["full_admin"],
        Status = "active",
        Type = "appuser",
    };

    public static WebexLicense License(SimLicense l, int consumed, IReadOnlyList<WebexLicenseUser>? users = null) => new()
    {
        Id = l.Id,
        Name = l.Name,
        TotalUnits = l.TotalUnits,
        ConsumedUnits = consumed,
        ConsumedByUsers = consumed,
        ConsumedByWorkspaces = 0,
        SubscriptionId = l.SubscriptionId,
        SiteUrl = l.SiteUrl,
        SiteType = l.SiteUrl is null ? null : "Control Hub managed site",
        Users = users,
    };

    public static WebexLicenseUser LicenseUser(SimPerson p) => new(p.Id, p.External ? "EXTERNAL" : "INTERNAL", p.DisplayName, p.Email);

    public static UserLicensesResponse UserLicenses(SandboxState state, SimPerson p)
    {
        var sites = state.SitesOf(p).Select(s => new SiteResponse(s.SiteUrl, s.AccountType)).ToList();
        return new UserLicensesResponse
        {
            OrgId = state.OrgId,
            PersonId = p.Id,
            Email = p.Email,
            Licenses = p.Licenses,
            SiteUrls = sites,
            PendingLicenses = p.External && p.InvitePending ? p.Licenses : null,
        };
    }

    public static WebexRoom Room(SimRoom r) => new()
    {
        Id = r.Id, Title = r.Title, Type = r.Type, IsLocked = false, LastActivity = r.LastActivity, CreatorId = r.CreatorId, Created = r.Created,
    };

    public static WebexMembership Membership(SandboxState state, SimRoom r, SimPerson p) => new()
    {
        Id = $"MS-{r.Id}-{p.Id}",
        RoomId = r.Id,
        PersonId = p.Id,
        PersonEmail = p.Email,
        PersonDisplayName = p.DisplayName,
        PersonOrgId = OrgOf(state, p),
        IsModerator = false,
        RoomType = r.Type,
        Created = r.Created,
    };

    public static WebexMessage Message(SandboxState state, SimMessage m, string apiBase)
    {
        var author = state.FindPerson(m.PersonId);
        var room = state.FindRoom(m.RoomId);
        return new WebexMessage
        {
            Id = m.Id,
            ParentId = m.ParentId,
            RoomId = m.RoomId,
            RoomType = room?.Type,
            Text = m.Text,
            Markdown = m.Markdown,
            Files = m.FileIds.Count > 0 ? m.FileIds.Select(f => $"{apiBase}/contents/{f}").ToList() : null,
            Attachments = m.Attachments?.Select(a => new MessageAttachment(a.GetProperty("contentType").GetString()!, a.GetProperty("content").Clone())).ToList(),
            PersonId = m.PersonId,
            PersonEmail = author?.Email,
            MentionedPeople = m.MentionedPeople.Count > 0 ? m.MentionedPeople : null,
            MentionedGroups = m.MentionedGroups.Count > 0 ? m.MentionedGroups : null,
            Created = m.Created,
            Updated = m.Updated,
        };
    }

    public static WebexAttachmentAction Action(SimAttachmentAction a) => new()
    {
        Id = a.Id, Type = "submit", MessageId = a.MessageId, PersonId = a.PersonId, RoomId = a.RoomId, Inputs = a.Inputs, Created = a.Created,
    };

    public static WebexWebhook Webhook(SandboxState state, SimWebhook w) => new()
    {
        Id = w.Id,
        Name = w.Name,
        TargetUrl = w.TargetUrl,
        Resource = w.Resource,
        Event = w.Event,
        Filter = w.Filter,
        Secret = w.Secret,
        Status = w.Status,
        Created = w.Created,
        OwnedBy = "creator",
        OrgId = state.OrgId,
        CreatedBy = w.OwnerId,
        AppId = SandboxState.AppId,
    };

    public static JsonElement Inspect(SandboxState state, SimPerson p) => JsonSerializer.SerializeToElement(new
    {
        id = p.Id,
        email = p.Email,
        displayName = p.DisplayName,
        type = p.IsBot ? "bot" : "person",
        status = p.Status,
        external = p.External,
        invitePending = p.InvitePending,
        roles = p.Roles,
        licenses = p.Licenses.Select(id => state.GetLicense(id) is { } l ? new { id, name = l.License.Name, subscriptionId = l.License.SubscriptionId } : new { id, name = "?", subscriptionId = (string?)null }),
        calling = p.Calling is { } c
            ? new { locationId = c.LocationId, phoneNumber = c.PhoneNumber, extension = c.Extension, voicemail = new { enabled = c.Voicemail.Enabled, pinSet = c.Voicemail.PinSet } }
            : null,
        siteAdminOf = p.SiteAdminOf,
        attendeeSites = p.AttendeeSites,
        created = p.Created,
        lastModified = p.LastModified,
    });
}
