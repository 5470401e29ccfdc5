using System.Text.Json;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Sandbox;

/// <summary>A message to create: JSON fields, or the form fields of a multipart post plus its uploaded file.</summary>
public sealed record NewMessage(
    string? RoomId, string? ToPersonId, string? ToPersonEmail, string? ParentId, string? Text, string? Markdown,
    IReadOnlyList<JsonElement>? Attachments, UploadedFile? File, string? ApiBase = null);

/// <summary>A file already streamed to <c>{DataDir}/files/{ContentId}</c>.</summary>
public sealed record UploadedFile(string ContentId, string FileName, string ContentType, long Length);

public sealed partial class SandboxState
{
    public const int MaxEdits = 10;
    public static readonly string AppId = Mercury.SandboxIds.Rest("APPLICATION", Mercury.SandboxIds.Uuid("licensebot-sandbox-app"));

    public string FilePath(string contentId) => Path.Combine(DataDirectory, FilesFolder, contentId);

    // ---- rooms and memberships ----

    public IReadOnlyList<SimRoom> RoomsOf(SimIdentity caller, string? type)
    {
        lock (_gate)
        {
            return _rooms.Values.Where(r => r.Members.Contains(caller.PersonId) && (type is null || r.Type == type))
                .OrderByDescending(r => r.LastActivity, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>A room by id, without a membership check (for rendering).</summary>
    public SimRoom? FindRoom(string roomId)
    {
        lock (_gate) return _rooms.GetValueOrDefault(roomId);
    }

    public SimRoom GetRoom(SimIdentity caller, string roomId)
    {
        lock (_gate) return VisibleRoom(caller, roomId);
    }

    /// <summary>A room the caller is in; 404 otherwise (Webex does not reveal rooms one is not in).</summary>
    private SimRoom VisibleRoom(SimIdentity caller, string roomId) =>
        _rooms.TryGetValue(roomId, out var room) && room.Members.Contains(caller.PersonId)
            ? room
            : throw SandboxApiException.NotFound($"room {roomId}");

    /// <summary>Memberships of one room (the caller must be in it), or the caller's own memberships.</summary>
    public IReadOnlyList<(SimRoom Room, SimPerson Person)> Memberships(SimIdentity caller, string? roomId, string? personId, string? personEmail)
    {
        lock (_gate)
        {
            IEnumerable<(SimRoom, string)> pairs = roomId is not null
                ? VisibleRoom(caller, roomId).Members.Select(m => (VisibleRoom(caller, roomId), m))
                : _rooms.Values.Where(r => r.Members.Contains(caller.PersonId)).Select(r => (r, caller.PersonId));
            return pairs
                .Select(p => (p.Item1, Person: _people.GetValueOrDefault(p.Item2)))
                .Where(p => p.Person is not null)
                .Select(p => (p.Item1, p.Person!))
                .Where(p => (personId is null || p.Item2.Id == personId) && (personEmail is null || string.Equals(p.Item2.Email, personEmail, StringComparison.OrdinalIgnoreCase)))
                .ToList();
        }
    }

    // ---- messages ----

    public SimMessage CreateMessage(SimIdentity caller, NewMessage request)
    {
        lock (_gate)
        {
            var room = ResolveMessageRoom(caller, request);
            if (string.IsNullOrEmpty(request.Text) && string.IsNullOrEmpty(request.Markdown) && request.File is null && (request.Attachments?.Count ?? 0) == 0)
            {
                throw SandboxApiException.BadRequest("A message needs text, markdown, a file or an attachment.");
            }

            if (request.Attachments is { Count: > 0 } attachments)
            {
                if (attachments.Count > 1) throw SandboxApiException.BadRequest("Only one attachment per message is supported.");
                if (!attachments[0].TryGetProperty("contentType", out var ct) || ct.GetString() != MessageAttachment.AdaptiveCardContentType)
                {
                    throw SandboxApiException.BadRequest($"Attachments must have contentType {MessageAttachment.AdaptiveCardContentType}.");
                }

                if (!attachments[0].TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
                {
                    throw SandboxApiException.BadRequest("The attachment has no card content.");
                }
            }

            if (request.ParentId is not null && (!_messages.TryGetValue(request.ParentId, out var parent) || parent.RoomId != room.Id))
            {
                throw SandboxApiException.BadRequest($"Parent message {request.ParentId} is not in this room.");
            }

            var (text, mentioned, groups) = RenderMentions(request.Markdown ?? request.Text ?? "");
            var now = Now();
            var fileIds = new List<string>();
            if (request.File is { } f)
            {
                var content = new SimContent(f.ContentId, room.Id, f.FileName, f.ContentType, f.Length, now);
                _contents[content.Id] = content;
                _store.Put(ContentKind, content.Id, content);
                fileIds.Add(content.Id);
            }

            var message = new SimMessage
            {
                Id = Mercury.SandboxIds.NewRestId("MESSAGE"),
                Seq = ++_messageSeq,
                RoomId = room.Id,
                PersonId = caller.PersonId,
                ParentId = request.ParentId,
                Text = request.Text ?? (request.Markdown is null ? null : text),
                Markdown = request.Markdown,
                Attachments = request.Attachments is { Count: > 0 } ? request.Attachments : null,
                FileIds = fileIds,
                MentionedPeople = mentioned,
                MentionedGroups = groups,
                Created = now,
            };
            _messages[message.Id] = message;
            _store.Put(MessageKind, message.Id, message);
            var touched = room with { LastActivity = now };
            _rooms[room.Id] = touched;
            _store.Put(RoomKind, room.Id, touched);

            var author = _people.GetValueOrDefault(caller.PersonId);
            FireWebhooks("messages", touched, caller.PersonId, message.PersonId, mentioned, new WebhookEventData
            {
                Id = message.Id,
                RoomId = room.Id,
                RoomType = room.Type,
                PersonId = caller.PersonId,
                PersonEmail = author?.Email,
                MentionedPeople = mentioned.Count > 0 ? mentioned : null,
                Files = fileIds.Count > 0 && request.ApiBase is { } apiBase ? fileIds.Select(f => $"{apiBase}/contents/{f}").ToList() : null,
                Created = now,
            });
            FireDeviceEvents("messages", touched, caller.PersonId, message.PersonId, mentioned, fileIds.Count > 0 ? "share" : "post", message.Id, null, null, now);
            return message;
        }
    }

    private (string Text, IReadOnlyList<string> People, IReadOnlyList<string> Groups) RenderMentions(string markdown) =>
        Mentions.Parse(markdown, (who, byEmail) =>
        {
            var id = byEmail ? _emailToId.GetValueOrDefault(who) : who;
            return id is not null && _people.TryGetValue(id, out var p) ? (p.Id, p.DisplayName) : null;
        });

    private SimRoom ResolveMessageRoom(SimIdentity caller, NewMessage request)
    {
        if (!string.IsNullOrEmpty(request.RoomId))
        {
            if (!_rooms.TryGetValue(request.RoomId, out var room)) throw SandboxApiException.NotFound($"room {request.RoomId}");
            if (!room.Members.Contains(caller.PersonId)) throw SandboxApiException.Forbidden("You are not a member of this room.");
            return room;
        }

        var targetId = request.ToPersonId ?? (request.ToPersonEmail is { } email ? _emailToId.GetValueOrDefault(email) : null);
        if (request.ToPersonId is null && request.ToPersonEmail is null) throw SandboxApiException.BadRequest("roomId, toPersonId or toPersonEmail is required.");
        if (targetId is null || !_people.TryGetValue(targetId, out var target)) throw SandboxApiException.NotFound($"person {request.ToPersonEmail ?? request.ToPersonId}");
        if (caller.Kind == SimIdentityKind.ServiceApp) throw SandboxApiException.Forbidden("A service app cannot send messages.");
        if (target.Id == caller.PersonId) throw SandboxApiException.BadRequest("You cannot send a direct message to yourself.");

        var existing = _rooms.Values.FirstOrDefault(r => r.Type == "direct" && r.Members.Contains(caller.PersonId) && r.Members.Contains(target.Id));
        if (existing is not null) return existing;
        var now = Now();
        var created = new SimRoom { Id = NewId("ROOM"), Title = "", Type = "direct", Members = [caller.PersonId, target.Id], CreatorId = caller.PersonId, Created = now, LastActivity = now };
        _rooms[created.Id] = created;
        _store.Put(RoomKind, created.Id, created);
        return created;
    }

    /// <summary>Messages of a room, newest first, at most <paramref name="max"/>, older than the cursor.</summary>
    public IReadOnlyList<SimMessage> ListMessages(SimIdentity caller, string roomId, int max, DateTimeOffset? before, string? beforeMessage, string? parentId, string? mentionedPeople)
    {
        lock (_gate)
        {
            VisibleRoom(caller, roomId);
            long? beforeSeq = beforeMessage is null ? null : _messages.TryGetValue(beforeMessage, out var b) ? b.Seq : throw SandboxApiException.BadRequest($"Unknown message {beforeMessage}.");
            var mentionId = mentionedPeople == "me" ? caller.PersonId : mentionedPeople;
            return _messages.Values
                .Where(m => m.RoomId == roomId
                    && (beforeSeq is null || m.Seq < beforeSeq)
                    && (before is null || DateTimeOffset.Parse(m.Created, System.Globalization.CultureInfo.InvariantCulture) < before)
                    && (parentId is null || m.ParentId == parentId)
                    && (mentionId is null || m.MentionedPeople.Contains(mentionId)))
                .OrderByDescending(m => m.Seq)
                .Take(max)
                .ToList();
        }
    }

    public SimMessage GetMessage(SimIdentity caller, string id)
    {
        lock (_gate) return VisibleMessage(caller, id);
    }

    private SimMessage VisibleMessage(SimIdentity caller, string id) =>
        _messages.TryGetValue(id, out var m) && _rooms.TryGetValue(m.RoomId, out var room) && room.Members.Contains(caller.PersonId)
            ? m
            : throw SandboxApiException.NotFound($"message {id}");

    public void DeleteMessage(SimIdentity caller, string id)
    {
        lock (_gate)
        {
            var m = VisibleMessage(caller, id);
            if (m.PersonId != caller.PersonId) throw SandboxApiException.Forbidden("Only the author can delete this message.");
            _messages.Remove(id);
            _store.Delete(MessageKind, id);
        }
    }

    public SimMessage UpdateMessage(SimIdentity caller, string id, UpdateMessageRequest update)
    {
        lock (_gate)
        {
            var m = VisibleMessage(caller, id);
            if (m.PersonId != caller.PersonId) throw SandboxApiException.Forbidden("Only the author can edit this message.");
            if (update.RoomId != m.RoomId) throw SandboxApiException.BadRequest("roomId does not match the message's room.");
            if (m.Attachments is { Count: > 0 } || m.FileIds.Count > 0) throw SandboxApiException.BadRequest("Messages with cards or files cannot be edited.");
            if (m.EditCount >= MaxEdits) throw SandboxApiException.BadRequest($"A message can be edited at most {MaxEdits} times.");
            if (string.IsNullOrEmpty(update.Text) && string.IsNullOrEmpty(update.Markdown)) throw SandboxApiException.BadRequest("text or markdown is required.");
            var (text, mentioned, groups) = RenderMentions(update.Markdown ?? update.Text ?? "");
            var edited = m with
            {
                Text = update.Text ?? (update.Markdown is null ? null : text),
                Markdown = update.Markdown,
                MentionedPeople = mentioned,
                MentionedGroups = groups,
                EditCount = m.EditCount + 1,
                Updated = Now(),
            };
            _messages[id] = edited;
            _store.Put(MessageKind, id, edited);
            return edited;
        }
    }

    // ---- attachment actions ----

    public SimAttachmentAction CreateAttachmentAction(SimIdentity caller, CreateAttachmentActionRequest request)
    {
        if (!string.Equals(request.Type, "submit", StringComparison.Ordinal)) throw SandboxApiException.BadRequest("type must be 'submit'.");
        if (request.Inputs.ValueKind != JsonValueKind.Object) throw SandboxApiException.BadRequest("inputs must be an object.");
        lock (_gate)
        {
            if (!_messages.TryGetValue(request.MessageId ?? "", out var card)) throw SandboxApiException.NotFound($"message {request.MessageId}");
            var room = _rooms[card.RoomId];
            if (!room.Members.Contains(caller.PersonId)) throw SandboxApiException.Forbidden("Only members of the card's room can submit it.");
            if (card.Attachments is not { Count: > 0 }) throw SandboxApiException.BadRequest("The message has no card.");
            var action = new SimAttachmentAction
            {
                Id = Mercury.SandboxIds.NewRestId("ATTACHMENT_ACTION"), MessageId = card.Id, PersonId = caller.PersonId, RoomId = room.Id, Inputs = request.Inputs.Clone(), Created = Now(),
            };
            _actions[action.Id] = action;
            _store.Put(ActionKind, action.Id, action);
            FireWebhooks("attachmentActions", room, caller.PersonId, card.PersonId, [], new WebhookEventData
            {
                Id = action.Id, Type = "submit", MessageId = card.Id, PersonId = caller.PersonId, RoomId = room.Id, Created = action.Created,
            });
            FireDeviceEvents("attachmentActions", room, caller.PersonId, card.PersonId, [], "cardAction", action.Id, card.Id, action.Inputs, action.Created);
            return action;
        }
    }

    public SimAttachmentAction GetAttachmentAction(SimIdentity caller, string id)
    {
        lock (_gate)
        {
            return _actions.TryGetValue(id, out var a) && _rooms.TryGetValue(a.RoomId, out var room) && room.Members.Contains(caller.PersonId)
                ? a
                : throw SandboxApiException.NotFound($"attachment action {id}");
        }
    }

    // ---- contents ----

    /// <summary>A file the caller may download: the caller must be in the room it was posted in.</summary>
    public SimContent GetContent(SimIdentity caller, string id)
    {
        lock (_gate)
        {
            if (!_contents.TryGetValue(id, out var c)) throw SandboxApiException.NotFound($"content {id}");
            if (!_rooms.TryGetValue(c.RoomId, out var room) || !room.Members.Contains(caller.PersonId))
            {
                throw SandboxApiException.Forbidden("Only members of the room can download this file.");
            }

            return c;
        }
    }

    // ---- webhooks ----

    public IReadOnlyList<SimWebhook> ListWebhooks(SimIdentity caller)
    {
        lock (_gate) return _hooks.Values.Where(h => h.OwnerId == caller.PersonId).OrderBy(h => h.Created, StringComparer.Ordinal).ThenBy(h => h.Id, StringComparer.Ordinal).ToList();
    }

    public SimWebhook GetWebhook(SimIdentity caller, string id)
    {
        lock (_gate) return OwnWebhook(caller, id);
    }

    private SimWebhook OwnWebhook(SimIdentity caller, string id) =>
        _hooks.TryGetValue(id, out var h) && h.OwnerId == caller.PersonId ? h : throw SandboxApiException.NotFound($"webhook {id}");

    public SimWebhook CreateWebhook(SimIdentity caller, CreateWebhookRequest request)
    {
        ValidateTarget(request.Name, request.TargetUrl);
        if (string.IsNullOrWhiteSpace(request.Resource) || string.IsNullOrWhiteSpace(request.Event)) throw SandboxApiException.BadRequest("resource and event are required.");
        lock (_gate)
        {
            if (_hooks.Values.Any(h => h.OwnerId == caller.PersonId && h.TargetUrl == request.TargetUrl && h.Resource == request.Resource && h.Event == request.Event && h.Filter == request.Filter))
            {
                throw new SandboxApiException(409, "A webhook with the same target, resource, event and filter already exists.");
            }

            var hook = new SimWebhook
            {
                Id = NewId("WEBHOOK"), Name = request.Name, TargetUrl = request.TargetUrl, Resource = request.Resource, Event = request.Event,
                Filter = request.Filter, Secret = request.Secret, OwnerId = caller.PersonId, Created = Now(),
            };
            _hooks[hook.Id] = hook;
            _store.Put(WebhookKind, hook.Id, hook);
            return hook;
        }
    }

    public SimWebhook UpdateWebhook(SimIdentity caller, string id, UpdateWebhookRequest request)
    {
        ValidateTarget(request.Name, request.TargetUrl);
        if (request.Status is not (null or "active" or "inactive")) throw SandboxApiException.BadRequest("status must be active or inactive.");
        lock (_gate)
        {
            var hook = OwnWebhook(caller, id) is var h ? h with
            {
                Name = request.Name, TargetUrl = request.TargetUrl, Secret = request.Secret ?? h.Secret, Status = request.Status ?? h.Status,
            } : throw new InvalidOperationException();
            _hooks[id] = hook;
            _store.Put(WebhookKind, id, hook);
            return hook;
        }
    }

    public void DeleteWebhook(SimIdentity caller, string id)
    {
        lock (_gate)
        {
            OwnWebhook(caller, id);
            _hooks.Remove(id);
            _store.Delete(WebhookKind, id);
        }
    }

    private static void ValidateTarget(string? name, string? targetUrl)
    {
        if (string.IsNullOrWhiteSpace(name)) throw SandboxApiException.BadRequest("name is required.");
        if (!Uri.TryCreate(targetUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw SandboxApiException.BadRequest("targetUrl must be an absolute http(s) URL.");
        }
    }

    /// <summary>
    /// Queues the event for every matching webhook (called under the lock, so deliveries keep creation order).
    /// A webhook sees only rooms its owner is in; in group rooms a bot's message webhook sees only messages
    /// mentioning the bot (and the bot's own); card submits go to the card author's webhooks.
    /// </summary>
    private void FireWebhooks(string resource, SimRoom room, string actorId, string contentAuthorId, IReadOnlyList<string> mentioned, WebhookEventData data)
    {
        foreach (var hook in _hooks.Values.OrderBy(h => h.Created, StringComparer.Ordinal).ThenBy(h => h.Id, StringComparer.Ordinal))
        {
            if (hook.Status != "active" || hook.Resource != resource || hook.Event is not ("created" or "all")) continue;
            if (!OwnerSees(hook.OwnerId, resource, room, actorId, contentAuthorId, mentioned)) continue;
            if (!FilterMatches(hook.Filter, hook.OwnerId, room, data)) continue;

            var envelope = new WebhookEnvelope
            {
                Id = hook.Id, Name = hook.Name, TargetUrl = hook.TargetUrl, Resource = hook.Resource, Event = "created", Filter = hook.Filter,
                OrgId = OrgId, CreatedBy = hook.OwnerId, AppId = AppId, OwnedBy = "creator", Status = hook.Status, ActorId = actorId,
                Created = hook.Created, Data = data,
            };
            _webhooks.Enqueue(hook, JsonSerializer.SerializeToUtf8Bytes(envelope, WebexJson.Options));
        }
    }

    /// <summary>
    /// Whether an event reaches its owner's webhooks and devices: only rooms the owner is in; in group rooms a bot sees only
    /// messages mentioning it (and its own); card submits go to the card's author.
    /// </summary>
    private bool OwnerSees(string ownerId, string resource, SimRoom room, string actorId, string contentAuthorId, IReadOnlyList<string> mentioned)
    {
        if (!room.Members.Contains(ownerId)) return false;
        var owner = _people.GetValueOrDefault(ownerId);
        if (resource == "messages" && owner is { IsBot: true } && room.Type == "group" && actorId != ownerId && !mentioned.Contains(ownerId)) return false;
        return resource != "attachmentActions" || contentAuthorId == ownerId;
    }

    private static bool FilterMatches(string? filter, string ownerId, SimRoom room, WebhookEventData data)
    {
        if (string.IsNullOrWhiteSpace(filter)) return true;
        foreach (var part in filter.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            var key = kv[0];
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            var ok = key switch
            {
                "roomId" => room.Id == value,
                "roomType" => room.Type == value,
                "personId" => data.PersonId == value,
                "personEmail" => string.Equals(data.PersonEmail, value, StringComparison.OrdinalIgnoreCase),
                "mentionedPeople" => data.MentionedPeople?.Contains(value == "me" ? ownerId : value) == true,
                "messageId" => data.MessageId == value,
                _ => true,
            };
            if (!ok) return false;
        }

        return true;
    }
}
