using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Sandbox;

/// <summary>The outcome of a licence PATCH: 200 (all applied) or 206 (only the first operation applied).</summary>
public sealed record LicensePatchOutcome(int StatusCode, SimPerson Person);

public sealed partial class SandboxState
{
    /// <summary>
    /// The sandbox's error codes for two refusals whose real codes are not published (docs/sandbox.md, an assumption): no free
    /// unit of a licence being added, and a licence added from a suspended or cancelled subscription.
    /// </summary>
    public const int NoFreeUnitsCode = 400811;
    public const int InactiveSubscriptionCode = 400812;

    private sealed record Op(string LicenseId, bool Add, LicenseProperties? Properties);

    private sealed record SiteOp(string SiteUrl, bool Add);

    /// <summary>
    /// <c>PATCH /licenses/users</c>: validated as a whole (a refusal changes nothing), then applied at once —
    /// or, when <paramref name="partial"/> and there are two or more operations, only the first (answer 206).
    /// </summary>
    public LicensePatchOutcome PatchLicenses(SimIdentity caller, LicensePatchRequest request, bool partial)
    {
        if (!caller.IsFullAdmin)
        {
            throw SandboxApiException.Forbidden(caller.IsBot
                ? "A bot token cannot change licences; use an admin token."
                : "Only a full administrator can change licences.");
        }

        if (request.OrgId is not null && request.OrgId != OrgId)
        {
            throw new SandboxApiException(403, $"The token has no rights on org {request.OrgId}.");
        }

        var ops = ParseOps(request);
        var siteOps = (request.SiteUrls ?? []).Select(s =>
        {
            var op = (s.Operation ?? "add").ToLowerInvariant();
            if (op is not ("add" or "remove")) throw SandboxApiException.BadRequest($"Unknown operation '{s.Operation}' for site {s.SiteUrl}.");
            return new SiteOp(s.SiteUrl, op == "add");
        }).ToList();
        if (ops.Count == 0 && siteOps.Count == 0) throw SandboxApiException.BadRequest("The request holds no licences and no siteUrls.");

        lock (_gate)
        {
            var person = ResolveTarget(request, ops, out var isNew);
            Validate(person, ops, siteOps);

            var applyLicenses = ops;
            var applySites = siteOps;
            var status = 200;
            if (partial && ops.Count + siteOps.Count >= 2)
            {
                status = 206;
                applyLicenses = ops.Count > 0 ? [ops[0]] : [];
                applySites = ops.Count > 0 ? [] : [siteOps[0]];
            }

            var after = Apply(person, applyLicenses, applySites);
            if (after.External && after.Licenses.Count == 0)
            {
                if (!isNew) RemovePerson(person);
            }
            else if (isNew)
            {
                AddPerson(after);
                _store.Put(PersonKind, after.Id, after);
            }
            else
            {
                ReplacePerson(person, after);
            }

            return new LicensePatchOutcome(status, after);
        }
    }

    private static List<Op> ParseOps(LicensePatchRequest request)
    {
        var ops = new List<Op>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in request.Licenses ?? [])
        {
            if (string.IsNullOrWhiteSpace(l.Id)) throw SandboxApiException.BadRequest("A licence operation has no id.");
            var op = (l.Operation ?? "add").ToLowerInvariant();
            if (op is not ("add" or "remove")) throw SandboxApiException.BadRequest($"Unknown operation '{l.Operation}' for licence {l.Id} (add or remove).");
            if (!seen.Add(l.Id)) throw SandboxApiException.BadRequest($"Licence {l.Id} appears more than once in the request.");
            ops.Add(new Op(l.Id, op == "add", l.Properties));
        }

        return ops;
    }

    private SimPerson ResolveTarget(LicensePatchRequest request, List<Op> ops, out bool isNew)
    {
        isNew = false;
        if (!string.IsNullOrWhiteSpace(request.PersonId))
        {
            var p = _people.GetValueOrDefault(request.PersonId) ?? throw SandboxApiException.NotFound($"person {request.PersonId}");
            if (p.IsBot) throw SandboxApiException.BadRequest("Licences cannot be assigned to a bot.");
            return p;
        }

        if (string.IsNullOrWhiteSpace(request.Email)) throw SandboxApiException.BadRequest("Either email or personId is required.");
        if (_emailToId.TryGetValue(request.Email, out var id))
        {
            var p = _people[id];
            if (p.IsBot) throw SandboxApiException.BadRequest("Licences cannot be assigned to a bot.");
            return p;
        }

        if (ops.Any(o => !o.Add) || !request.Email.Contains('@', StringComparison.Ordinal))
        {
            throw SandboxApiException.NotFound($"person with e-mail {request.Email}");
        }

        isNew = true;
        var now = Now();
        return new SimPerson
        {
            Id = NewId("PEOPLE"),
            Email = request.Email,
            DisplayName = request.Email,
            External = true,
            Status = "pending",
            InvitePending = true,
            Created = now,
        };
    }

    private void Validate(SimPerson person, List<Op> ops, List<SiteOp> siteOps)
    {
        var unknown = ops.Where(o => !_licenses.ContainsKey(o.LicenseId)).Select(o => o.LicenseId).ToList();
        if (unknown.Count > 0)
        {
            throw SandboxApiException.BadRequest("License not recognized", 400000, $"License not recognized {string.Join(",", unknown)}");
        }

        var held = person.Licenses.ToHashSet(StringComparer.Ordinal);
        var notHeld = ops.Where(o => !o.Add && !held.Contains(o.LicenseId)).Select(o => o.LicenseId).ToList();
        if (notHeld.Count > 0)
        {
            throw SandboxApiException.BadRequest("License not assigned", 400, $"The user does not hold the following license(s), so they cannot be removed: {string.Join(",", notHeld)}");
        }

        var adds = ops.Where(o => o.Add && !held.Contains(o.LicenseId)).ToList();
        foreach (var add in adds)
        {
            var lic = _licenses[add.LicenseId];
            var status = lic.SubscriptionId is null ? "active" : _subscriptions.GetValueOrDefault(lic.SubscriptionId, "active");
            if (status != "active")
            {
                throw SandboxApiException.BadRequest("License assignment failed", InactiveSubscriptionCode,
                    $"License {lic.Id} belongs to subscription {lic.SubscriptionId}, which is {status}; its licences cannot be assigned.");
            }
        }

        var missingProps = ops.Where(o => o.Add && LicenseKinds.IsCalling(_licenses[o.LicenseId].Name)
            && (o.Properties is null
                || (string.IsNullOrWhiteSpace(o.Properties.PhoneNumber) && string.IsNullOrWhiteSpace(o.Properties.Extension))
                || (string.IsNullOrWhiteSpace(o.Properties.PhoneNumber) && string.IsNullOrWhiteSpace(o.Properties.LocationId))))
            .Select(o => o.LicenseId).ToList();
        if (missingProps.Count > 0)
        {
            throw SandboxApiException.BadRequest("License properties missing", 400411,
                $"Each Webex Calling license should contain its own calling properties. The following license(s) do not have properties: {string.Join(",", missingProps)}");
        }

        foreach (var o in ops.Where(o => o.Add && o.Properties?.LocationId is not null))
        {
            if (!_locations.Contains(o.Properties!.LocationId!)) throw SandboxApiException.BadRequest("Unable to find location", 400, "Unable to find location.");
        }

        string Name(string id) => _licenses[id].Name;
        var removed = ops.Where(o => !o.Add).Select(o => Name(o.LicenseId)).ToList();
        var addedStandard = adds.Where(o => LicenseKinds.IsCallingStandard(Name(o.LicenseId))).Select(o => o.LicenseId).ToList();
        if (addedStandard.Count > 0 && removed.Any(LicenseKinds.IsCallingProfessional))
        {
            throw SandboxApiException.BadRequest("License assignment failed", 400112,
                $"Changing a user's Webex Calling license from Professional to Standard is not allowed. The following license(s) could not be applied as requested: {string.Join(",", addedStandard)}");
        }

        if (addedStandard.Count > 0 && removed.Any(LicenseKinds.IsCxEssentials))
        {
            throw SandboxApiException.BadRequest("License downgrade not allowed", 400410,
                $"Changing a user's license from CX Essential to Webex Calling Standard is not allowed. The following license(s) could not be applied as requested: {string.Join(",", addedStandard)}");
        }

        var result = held.ToHashSet(StringComparer.Ordinal);
        foreach (var o in ops)
        {
            if (o.Add) result.Add(o.LicenseId);
            else result.Remove(o.LicenseId);
        }

        var before = Violations(held);
        var addedList = string.Join(",", adds.Select(a => a.LicenseId));
        foreach (var (code, message, description) in Violations(result))
        {
            if (before.Any(b => b.Code == code)) continue;
            throw SandboxApiException.BadRequest(message, code, $"{description} The following license(s) could not be applied as requested: {addedList}");
        }

        foreach (var add in adds)
        {
            var lic = _licenses[add.LicenseId];
            if (_consumed.GetValueOrDefault(lic.Id) + 1 > lic.TotalUnits)
            {
                throw SandboxApiException.BadRequest("License assignment failed", NoFreeUnitsCode,
                    $"No free units: license {lic.Id} ({lic.Name}) has {lic.TotalUnits} units and all are in use.");
            }
        }

        foreach (var s in siteOps)
        {
            var known = _sites.TryGetValue(s.SiteUrl, out var attendeeFeature);
            var ok = s.Add
                ? known && attendeeFeature && !person.SiteAdminOf.Contains(s.SiteUrl, StringComparer.OrdinalIgnoreCase)
                : person.AttendeeSites.Contains(s.SiteUrl, StringComparer.OrdinalIgnoreCase);
            if (!ok) throw SandboxApiException.BadRequest("Invalid site URL", 400216, $"Request contains invalid attendee siteUrls: {s.SiteUrl}");
        }
    }

    private List<(int Code, string Message, string Description)> Violations(IEnumerable<string> licenseIds)
    {
        var names = licenseIds.Select(id => _licenses.TryGetValue(id, out var l) ? l.Name : "").ToList();
        var list = new List<(int, string, string)>();
        var calling = names.Where(LicenseKinds.IsCalling).ToList();
        var pro = calling.Any(LicenseKinds.IsCallingProfessional);
        var standard = calling.Any(LicenseKinds.IsCallingStandard);
        if (pro && standard) list.Add((400404, "License conflict", "User cannot have both Webex Calling Professional and Standard License together."));
        else if (calling.Count > 1 || names.Count(LicenseKinds.IsUnifiedCm) > 1)
        {
            list.Add((400413, "License conflict", "The user can be assigned only one of licenses with the same offer code group."));
        }

        if (names.Any(LicenseKinds.IsAttendantConsole))
        {
            if (standard) list.Add((400406, "License conflict", "User cannot have both Webex Calling Standard and Webex Attendant Console licenses together."));
            else if (!pro) list.Add((400408, "License prerequisite missing", "User needs Webex Calling Professional license to be assigned before assigning Webex Attendant Console."));
        }

        if (standard && names.Any(LicenseKinds.IsCxEssentials))
        {
            list.Add((400407, "License conflict", "User cannot have both Webex Calling Standard and CX Essential licenses together."));
        }

        return list;
    }

    private SimPerson Apply(SimPerson person, List<Op> ops, List<SiteOp> siteOps)
    {
        var licenses = person.Licenses.ToList();
        var removedCalling = false;
        Op? addedCalling = null;
        foreach (var o in ops)
        {
            var isCalling = LicenseKinds.IsCalling(_licenses[o.LicenseId].Name);
            if (o.Add)
            {
                if (licenses.Contains(o.LicenseId)) continue;
                licenses.Add(o.LicenseId);
                if (isCalling) addedCalling = o;
            }
            else
            {
                licenses.Remove(o.LicenseId);
                if (isCalling) removedCalling = true;
            }
        }

        var calling = person.Calling;
        if (addedCalling?.Properties is { } props)
        {
            // A swap in one PATCH keeps the calling data (voicemail included); a first calling licence starts it.
            calling = new SimCalling(
                props.LocationId ?? calling?.LocationId,
                props.PhoneNumber ?? (props.LocationId is null || props.LocationId == calling?.LocationId ? calling?.PhoneNumber : null),
                props.Extension ?? calling?.Extension,
                calling?.Voicemail ?? new SimVoicemail(false, false));
        }
        else if (removedCalling && !licenses.Any(l => LicenseKinds.IsCalling(_licenses[l].Name)))
        {
            calling = null; // R5: the calling licence removed without another in the same change — calling data is gone.
        }

        var attendee = person.AttendeeSites.ToList();
        foreach (var s in siteOps)
        {
            attendee.RemoveAll(a => string.Equals(a, s.SiteUrl, StringComparison.OrdinalIgnoreCase));
            if (s.Add) attendee.Add(s.SiteUrl);
        }

        return person with { Licenses = licenses, Calling = calling, AttendeeSites = attendee, LastModified = Now() };
    }
}
