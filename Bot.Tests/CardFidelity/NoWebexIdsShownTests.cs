using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using LicenseBot.Tests.Jobs;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;

namespace LicenseBot.Tests.CardFidelity;

/// <summary>
/// The admin reads names, never Webex ids. The sandbox's ids have Webex's shape (base64 of <c>ciscospark://…</c>, which
/// always starts <c>Y2lzY29zcGFyazovL</c>), so any id that leaks into what the bot shows — a card, a reply, a CSV the admin
/// opens, an audit entry — is found here. Each test walks the main flows through the real bot and sandbox, then reads
/// every message the bot posted and every file it attached, as the admin sees them.
/// </summary>
public sealed partial class NoWebexIdsShownTests
{
    [GeneratedRegex("Y2lzY29zcGFyazovL[A-Za-z0-9_=-]*")]
    private static partial Regex WebexId();

    // <@personId:ID|Name> and <@personEmail:…|Name> are mentions: a client shows the name.
    [GeneratedRegex(@"<@person(Id|Email):[^|>]+\|([^>]*)>")]
    private static partial Regex Mention();

    [Fact]
    public async Task Edit_move_refusal_user_licences_reset_and_audit_show_no_webex_id()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");

        // Edit: form, review, confirm, result.
        var edit = await alice.MentionAsync(DemoOrg.AdminsRoomId, "edit bob@acme.test");
        var form = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, edit.Id);
        await alice.SubmitAsync(form, "Review", Inputs(form, ("family:Messaging", DemoOrg.Ids.Licence("L-MSG-NEW"))));
        var confirmEdit = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, edit.Id);
        await alice.SubmitAsync(confirmEdit, "Confirm");
        Assert.Contains("Done", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, edit.Id)).CardText);

        // Move, and a move a rule refuses (R12: Professional to Standard).
        var move = await alice.MentionAsync(DemoOrg.AdminsRoomId, "move bob@acme.test to Webex Calling - Professional [Sub-NEW]");
        var confirmMove = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id);
        await alice.SubmitAsync(confirmMove, "Confirm");
        Assert.Contains("Done", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id)).CardText);
        var refused = await alice.MentionAsync(DemoOrg.AdminsRoomId, "move bob@acme.test to Webex Calling - Standard [Sub-NEW]");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, refused.Id);

        // A user's card (location by name), the org's licences, the external users and a reset.
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, "user bob@acme.test")).Id);
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, "licences")).Id);
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, "external")).Id);
        var reset = await alice.MentionAsync(DemoOrg.AdminsRoomId, "reset erin@partner.example");
        var choose = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, reset.Id);
        await alice.SubmitAsync(choose, "Review", new Dictionary<string, string> { ["family:Messaging"] = DemoOrg.Ids.Licence("L-MSG-NEW") });
        var confirmReset = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, reset.Id);
        await alice.SubmitAsync(confirmReset, "Confirm");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, reset.Id);
        Assert.Contains("pending again", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, reset.Id)).CardText);

        // The audit of all of it.
        var audit = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, "audit")).Id);
        Assert.Contains("Webex Calling - Professional [Sub-OLD]", audit.CardText);
        Assert.Contains("alice@acme.test", audit.CardText);

        await AssertNoIdShownAsync(space, DemoOrg.AdminsRoomId, expectedMessages: 14);
    }

    [Fact]
    public async Task Csv_plan_job_result_results_file_jobs_and_audit_show_no_webex_id()
    {
        await using var space = await BotSpace.StartAsync(BulkSpace.Seed(3));
        var alice = space.As("alice@acme.test");
        var room = DemoOrg.AdminsRoomId;

        var export = await alice.MentionAsync(room, "export");
        await space.FileAsync(export.ThreadId, "Users CSV");
        var upload = await alice.UploadAsync(room, "move.csv", Encoding.UTF8.GetBytes(BulkSpace.MoveFile([1, 2, 3])), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");
        await alice.SubmitAsync(plan, "Confirm");
        Assert.Contains("Done\n3", (await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(30))).CardText);
        await space.FileAsync(upload.ThreadId, "Results");

        // A subscription move that Webex partly cannot do is planned too: the plan card and its CSV.
        var all = await alice.MentionAsync(room, "move all from Sub-NEW to Sub-OLD");
        await space.CardAsync(all.ThreadId, "Bulk plan");
        await space.NextBotMessageAsync(room, (await alice.MentionAsync(room, "jobs")).Id);
        var audit = await space.NextBotMessageAsync(room, (await alice.MentionAsync(room, $"audit {BulkSpace.Email(2)}")).Id);
        Assert.Contains("Webex Calling - Professional [Sub-NEW]", audit.CardText);

        await AssertNoIdShownAsync(space, room, expectedMessages: 8);
    }

    /// <summary>Every bot message in the room (text, markdown without mention markup, the card's visible texts) and every file it attached.</summary>
    private static async Task AssertNoIdShownAsync(BotSpace space, string room, int expectedMessages)
    {
        var messages = await space.BotMessagesAsync(room);
        Assert.True(messages.Count >= expectedMessages, $"only {messages.Count} bot messages");
        var leaks = new List<string>();
        foreach (var m in messages)
        {
            var shown = new[] { m.Text, Mention().Replace(m.Markdown ?? "", "$2") }.Concat(m.Card is { } card ? VisibleTexts(card) : []);
            foreach (var text in shown.OfType<string>())
                if (WebexId().IsMatch(text)) leaks.Add($"message: {text}");
            foreach (var file in m.Files)
            {
                var content = await space.DownloadAsync(m, "alice-token");
                if (WebexId().IsMatch(content)) leaks.Add($"file {file}: {WebexId().Match(content).Value}");
            }
        }
        Assert.True(leaks.Count == 0, "Webex ids shown to the admin:\n" + string.Join("\n", leaks));
    }

    /// <summary>What a client draws: texts, titles, fact values and choice titles — not input values, choice values or action data.</summary>
    private static IEnumerable<string> VisibleTexts(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in node.EnumerateArray().SelectMany(VisibleTexts)) yield return t;
            yield break;
        }
        if (node.ValueKind != JsonValueKind.Object) yield break;
        var type = node.TryGetProperty("type", out var ty) ? ty.GetString() : null;
        var isInput = type?.StartsWith("Input.", StringComparison.Ordinal) == true;
        foreach (var key in new[] { "text", "title", "placeholder", "label", "errorMessage" })
            if (node.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String) yield return v.GetString()!;
        // A fact's value is shown (choices are read below, by title only); an input's value is not.
        if (!isInput && type is null && node.TryGetProperty("title", out _) && node.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
            yield return value.GetString()!;
        foreach (var property in node.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object && p.Name is not ("data" or "choices")))
            foreach (var t in VisibleTexts(property.Value)) yield return t;
        if (node.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            foreach (var choice in choices.EnumerateArray())
                if (choice.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String) yield return title.GetString()!;
    }
}
