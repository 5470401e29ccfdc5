using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseBot.Sandbox.Mercury;

namespace LicenseBot.Sandbox;

/// <summary>A device registration request (WDM): what the SDKs send.</summary>
public sealed record DeviceRequest(string? DeviceName, string? DeviceType, string? LocalizedModel, string? Model, string? Name, string? SystemName, string? SystemVersion);

public sealed partial class SandboxState
{
    private readonly Dictionary<string, SimDevice> _devices = new(StringComparer.Ordinal);

    /// <summary>The caller's devices, oldest first.</summary>
    public IReadOnlyList<SimDevice> ListDevices(SimIdentity caller)
    {
        lock (_gate) return _devices.Values.Where(d => d.OwnerId == caller.PersonId).OrderBy(d => d.Created, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A device of the caller; 404 when it is not (or no longer) registered.</summary>
    public SimDevice GetDevice(SimIdentity caller, string id)
    {
        lock (_gate) return OwnDevice(caller, id);
    }

    /// <summary>A device by id, for the socket handshake (the token is checked by the authorization frame).</summary>
    public SimDevice? FindDevice(string id)
    {
        lock (_gate) return _devices.GetValueOrDefault(id);
    }

    /// <summary>Registers a device; refused (<c>403</c>) when the caller already holds <paramref name="limit"/> of them.</summary>
    public SimDevice RegisterDevice(SimIdentity caller, DeviceRequest request, int limit)
    {
        if (caller.Kind == SimIdentityKind.ServiceApp) throw SandboxApiException.Forbidden("A service app cannot register a device.");
        lock (_gate)
        {
            var held = _devices.Values.Count(d => d.OwnerId == caller.PersonId);
            if (limit > 0 && held >= limit)
            {
                throw new SandboxApiException(403, $"Device registration limit reached ({held} of {limit}): delete a device or reuse one.", 403, "Too many devices for this user.");
            }
            var now = Now();
            var device = Apply(new SimDevice { Id = Guid.NewGuid().ToString(), OwnerId = caller.PersonId, Created = now, Modified = now }, request);
            _devices[device.Id] = device;
            _store.Put(DeviceKind, device.Id, device);
            return device;
        }
    }

    /// <summary>Refreshes (<c>PUT</c>) a device: its description is replaced, its socket keeps working.</summary>
    public SimDevice RefreshDevice(SimIdentity caller, string id, DeviceRequest request)
    {
        lock (_gate)
        {
            var device = Apply(OwnDevice(caller, id), request) with { Modified = Now() };
            _devices[id] = device;
            _store.Put(DeviceKind, id, device);
            return device;
        }
    }

    public void DeleteDevice(SimIdentity caller, string id)
    {
        lock (_gate)
        {
            OwnDevice(caller, id);
            _devices.Remove(id);
            _store.Delete(DeviceKind, id);
            _deviceEvents?.Forget(id);
        }
    }

    private SimDevice OwnDevice(SimIdentity caller, string id) =>
        _devices.TryGetValue(id, out var d) && d.OwnerId == caller.PersonId ? d : throw SandboxApiException.NotFound($"device {id}");

    private static SimDevice Apply(SimDevice device, DeviceRequest r) => device with
    {
        Name = r.Name ?? device.Name, DeviceName = r.DeviceName ?? device.DeviceName, DeviceType = r.DeviceType ?? device.DeviceType,
        Model = r.Model ?? device.Model, LocalizedModel = r.LocalizedModel ?? device.LocalizedModel, SystemName = r.SystemName ?? device.SystemName,
        SystemVersion = r.SystemVersion ?? device.SystemVersion,
    };

    /// <summary>
    /// Queues a <c>conversation.activity</c> for every device whose owner sees the event (the webhook rules). Called under
    /// the lock, so devices get events in the order they happened. The activity names everything by UUID and carries no
    /// message text: the receiver reads the message (or card action) through the REST API, as with a webhook.
    /// </summary>
    private void FireDeviceEvents(string resource, SimRoom room, string actorId, string contentAuthorId, IReadOnlyList<string> mentioned,
        string verb, string id, string? parentId, JsonElement? inputs, string published)
    {
        if (_deviceEvents is null || _devices.Count == 0) return;
        var actor = _people.GetValueOrDefault(actorId);
        foreach (var device in _devices.Values.OrderBy(d => d.Created, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            if (!OwnerSees(device.OwnerId, resource, room, actorId, contentAuthorId, mentioned)) continue;
            var activity = new JsonObject
            {
                ["id"] = SandboxIds.Uuid(id),
                ["objectType"] = "activity",
                ["verb"] = verb,
                ["published"] = published,
                ["actor"] = new JsonObject
                {
                    ["id"] = SandboxIds.Uuid(actorId), ["objectType"] = "person", ["entryUUID"] = SandboxIds.Uuid(actorId),
                    ["emailAddress"] = actor?.Email, ["type"] = actor is { IsBot: true } ? "ROBOT" : "PERSON",
                },
                ["object"] = verb == "cardAction"
                    ? new JsonObject { ["objectType"] = "submit", ["inputs"] = inputs is { } i ? JsonNode.Parse(i.GetRawText()) : null }
                    : new JsonObject { ["objectType"] = verb == "share" ? "content" : "comment" },
                ["target"] = new JsonObject
                {
                    ["id"] = SandboxIds.Uuid(room.Id), ["objectType"] = "conversation",
                    ["tags"] = room.Type == "direct" ? new JsonArray("ONE_ON_ONE") : new JsonArray(),
                },
            };
            if (parentId is not null) activity["parent"] = new JsonObject { ["id"] = SandboxIds.Uuid(parentId), ["type"] = "cardAction" };
            _deviceEvents.Publish(device.Id, activity);
        }
    }

    /// <summary>The UUID the event socket uses for a person (the device's <c>userId</c> for its owner).</summary>
    public static string PersonUuid(string personId) => SandboxIds.Uuid(personId);
}
