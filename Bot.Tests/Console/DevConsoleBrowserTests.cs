using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LicenseBot.Host.DevConsole;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Sandbox;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LicenseBot.Tests.Console;

/// <summary>The dev console used as a person would: in Chromium, against BotHost started as shipped, in sandbox mode.</summary>
public sealed class DevConsoleBrowserTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>, IAsyncLifetime
{
    private IBrowserContext context = null!;
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 }, AcceptDownloads = true });
        context.SetDefaultTimeout(15_000);
        page = await context.NewPageAsync();
    }

    public async Task DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public async Task A_person_chooses_who_they_are_and_a_space_and_mentions_the_bot_by_completion()
    {
        await SignInAsync("alice", "Alice Admin", "Licence admins");

        await page.Locator("#message-input").PressSequentiallyAsync("@Lic");
        await Expect(page.Locator("#mention-popup li", new() { HasText = "LicenseBot" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#message-input").PressSequentiallyAsync("what can you do?");
        await Screenshots.SaveAsync(page, "1-composer-with-mention");
        await page.Keyboard.PressAsync("Enter");

        var sent = page.Locator(".entry", new() { HasText = "what can you do?" });
        await Expect(sent.Locator(".mention", new() { HasText = "LicenseBot" })).ToBeVisibleAsync();
        var message = await LatestMessageAsync("alice-token", DemoOrg.AdminsRoomId, m => m.GetProperty("personId").GetString() == DemoOrg.Ids.Person("P-ALICE"));
        Assert.Equal($"<@personId:{DemoOrg.BotId}|LicenseBot> what can you do?", message.GetProperty("markdown").GetString());
        Assert.Contains(DemoOrg.BotId, message.GetProperty("mentionedPeople").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_card_posted_in_the_space_appears_live_and_its_submit_sends_the_inputs_with_the_action_data()
    {
        await using var hooks = await WebhookReceiver.StartAsync();
        var bot = fixture.Api(DemoOrg.BotToken);
        (await bot.PostAsJsonAsync("webhooks", new { name = "console test", targetUrl = hooks.Url.ToString(), resource = "attachmentActions", @event = "created" })).EnsureSuccessStatusCode();
        await SignInAsync("nora", "Nora Member", "Licence admins");

        var card = JsonDocument.Parse($$$"""
        {
          "type": "AdaptiveCard", "version": "1.3",
          "body": [
            { "type": "TextBlock", "text": "Pick a **licence** for bob@acme.test", "wrap": true },
            { "type": "Input.ChoiceSet", "id": "licence", "label": "Licence", "value": "{{{DemoOrg.Ids.Licence("L-MTG-OLD")}}}",
              "choices": [ { "title": "Meetings", "value": "{{{DemoOrg.Ids.Licence("L-MTG-OLD")}}}" }, { "title": "Messaging", "value": "{{{DemoOrg.Ids.Licence("L-MSG-OLD")}}}" } ] },
            { "type": "Input.Text", "id": "note", "label": "Note" }
          ],
          "actions": [ { "type": "Action.Submit", "title": "Choose", "data": { "flow": "console-test", "step": "choose" } } ]
        }
        """).RootElement;
        var posted = await (await bot.PostAsJsonAsync("messages", new
        {
            roomId = DemoOrg.AdminsRoomId,
            markdown = "Pick a licence for bob@acme.test",
            attachments = new[] { new { contentType = "application/vnd.microsoft.card.adaptive", content = card } },
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();

        var drawn = page.Locator($".entry[data-message-id='{posted.GetProperty("id").GetString()}'] .card-host");
        await Expect(drawn.Locator("strong", new() { HasText = "licence" })).ToBeVisibleAsync();
        await drawn.Locator("select").SelectOptionAsync(DemoOrg.Ids.Licence("L-MSG-OLD"));
        await drawn.GetByLabel("Note").FillAsync("for the new team");
        await Screenshots.SaveAsync(page, "2-card-before-submit");
        await drawn.GetByRole(AriaRole.Button, new() { Name = "Choose" }).ClickAsync();

        var hook = await hooks.NextAsync(TimeSpan.FromSeconds(15));
        var actionId = hook.Json.GetProperty("data").GetProperty("id").GetString();
        var action = await bot.GetFromJsonAsync<JsonElement>($"attachment/actions/{actionId}");
        Assert.Equal(posted.GetProperty("id").GetString(), action.GetProperty("messageId").GetString());
        Assert.Equal(DemoOrg.Ids.Person("P-NORA"), action.GetProperty("personId").GetString());
        var inputs = action.GetProperty("inputs");
        Assert.Equal(DemoOrg.Ids.Licence("L-MSG-OLD"), inputs.GetProperty("licence").GetString());
        Assert.Equal("for the new team", inputs.GetProperty("note").GetString());
        Assert.Equal("console-test", inputs.GetProperty("flow").GetString());
        Assert.Equal("choose", inputs.GetProperty("step").GetString());
    }

    [Fact]
    public async Task A_file_attached_in_the_console_is_posted_and_downloads_with_its_name()
    {
        await SignInAsync("alice", "Alice Admin", "Licence admins");
        var csv = "email,licence\nbob@acme.test,Meetings\n";

        await page.Locator("#file-input").SetInputFilesAsync(new FilePayload { Name = "moves.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Expect(page.Locator("#attachment-name")).ToHaveTextAsync("Attached: moves.csv");
        await page.Locator("#message-input").FillAsync("the moves for this week");
        await page.Locator("#send-button").ClickAsync();

        var file = page.Locator(".entry", new() { HasText = "the moves for this week" }).Locator(".file", new() { HasText = "moves.csv" });
        await Expect(file).ToBeVisibleAsync();
        var message = await LatestMessageAsync("alice-token", DemoOrg.AdminsRoomId, m => m.TryGetProperty("files", out _));
        Assert.Single(message.GetProperty("files").EnumerateArray());
        var download = await page.RunAndWaitForDownloadAsync(() => file.ClickAsync());
        Assert.Equal("moves.csv", download.SuggestedFilename);
        Assert.Equal(csv, await File.ReadAllTextAsync((await download.PathAsync())!));
        await Screenshots.SaveAsync(page, "3-file-posted");
    }

    [Fact]
    public async Task The_admin_asks_for_help_then_edits_a_users_licences_by_clicking_through_the_cards()
    {
        await SignInAsync("alice", "Alice Admin", "Licence admins");

        var help = await SayToBotAsync("help");
        var helpCard = help.Locator(".card-host", new() { HasText = "Commands" });
        await Expect(helpCard).ToBeVisibleAsync();
        await Expect(helpCard).ToContainTextAsync("edit <email>");
        await Screenshots.SaveAsync(page, "5-help-card");

        var edit = await SayToBotAsync("edit bob@acme.test");
        var form = edit.Locator(".card-host", new() { HasText = "Edit licences of Bob Builder" });
        await Expect(form).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await form.Locator($"select:has(option[value='{DemoOrg.Ids.Licence("L-CALL-PRO-NEW")}'])").SelectOptionAsync(DemoOrg.Ids.Licence("L-CALL-PRO-NEW"));
        await Screenshots.SaveAsync(page, "6-edit-form");
        await form.GetByRole(AriaRole.Button, new() { Name = "Review changes…" }).ClickAsync();

        var confirm = edit.Locator(".card-host", new() { HasText = "Confirm the licence change for Bob Builder" });
        await Expect(confirm).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(confirm).ToContainTextAsync("Calling data carried over");
        await confirm.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "7-confirmation");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm…" }).ClickAsync();

        var result = edit.Locator(".card-host", new() { HasText = "Done: the licences of Bob Builder are changed." });
        await Expect(result).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await result.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "8-result");

        var bob = await fixture.Space.InspectAsync(DemoOrg.Ids.Person("P-BOB"));
        var raw = bob.GetRawText();
        Assert.Contains(DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), raw);
        Assert.DoesNotContain(DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), raw);
        Assert.Contains("+31201000002", raw);
    }

    [Fact]
    public async Task The_cards_page_draws_every_catalogue_card_with_the_official_renderer_and_none_breaks_a_Webex_rule()
    {
        await page.GotoAsync(new Uri(fixture.Address, "cards").ToString());

        await Expect(page.Locator("#summary")).ToContainTextAsync($"{CardCatalogue.All.Count} cards");
        await Expect(page.Locator(".sample")).ToHaveCountAsync(CardCatalogue.All.Count);
        await Expect(page.Locator(".sample .ac-adaptiveCard")).ToHaveCountAsync(CardCatalogue.All.Count);
        var problems = await page.Locator(".sample ul.problems li").AllInnerTextsAsync();
        Assert.True(problems.Count == 0, "The Cards page reports:\n" + string.Join('\n', problems));
        await Expect(page.Locator("#summary")).ToContainTextAsync("all pass the Webex check");
        await Screenshots.SaveAsync(page, "4-cards-page");
    }

    /// <summary>Types "@Lic", picks LicenseBot from the completion, types <paramref name="command"/> and sends; returns the message's entry (its thread holds the answers).</summary>
    private async Task<ILocator> SayToBotAsync(string command)
    {
        var input = page.Locator("#message-input");
        await input.PressSequentiallyAsync("@Lic");
        await page.Locator("#mention-popup li", new() { HasText = "LicenseBot" }).ClickAsync();
        await input.PressSequentiallyAsync(command);
        await input.PressAsync("Enter");
        var entry = page.Locator(".messages > .entry", new() { Has = page.Locator(":scope > .message .content", new() { HasText = $"LicenseBot {command}" }) }).Last;
        await Expect(entry).ToBeVisibleAsync();
        return entry;
    }

    private async Task SignInAsync(string search, string displayName, string room)
    {
        await page.GotoAsync(fixture.Address.ToString());
        await page.Locator("#identity-search").FillAsync(search);
        await page.Locator("#identity-list li", new() { HasText = displayName }).ClickAsync();
        await Expect(page.Locator("#whoami")).ToContainTextAsync(displayName);
        // The space list is re-rendered when the spaces change (other tests add spaces to the shared org), and a click
        // that lands while it is swapped is lost: click again, as a person would, until the space opens.
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("#room-list li", new() { HasText = room }).ClickAsync();
            try
            {
                await Expect(page.Locator("#room-title")).ToHaveTextAsync(room, new() { Timeout = 5_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
        await Expect(page.Locator("#message-input")).ToBeEnabledAsync();
    }

    private async Task<JsonElement> LatestMessageAsync(string token, string roomId, Func<JsonElement, bool> match)
    {
        var api = fixture.Api(token);
        var page = await api.GetFromJsonAsync<JsonElement>($"messages?roomId={roomId}&max=20");
        return page.GetProperty("items").EnumerateArray().First(match);
    }
}
