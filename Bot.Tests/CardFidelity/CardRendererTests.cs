using System.Text.Json;
using LicenseBot.Tests.Console;
using Microsoft.Playwright;

namespace LicenseBot.Tests.CardFidelity;

/// <summary>
/// Every card in the catalogue, parsed, validated and drawn in Chromium by Microsoft's official renderer
/// (npm adaptivecards 3.0.6) set up as docs/cards.md "How cards are checked" says, through the same
/// <c>webex-cards.js</c> the dev console uses.
/// </summary>
public sealed class CardRendererTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        page = await chromium.Browser.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html><body><div id=\"host\"></div></body></html>");
        await page.AddScriptTagAsync(new() { Content = DevConsoleAssets.Read("adaptivecards.min.js") });
        await page.AddScriptTagAsync(new() { Content = DevConsoleAssets.Read("webex-cards.js") });
    }

    public async Task DisposeAsync() => await page.CloseAsync();

    [Theory]
    [ClassData(typeof(CatalogueCards))]
    public async Task Every_catalogue_card_parses_validates_and_draws_within_what_Webex_shows(string flow, string name)
    {
        var sample = CatalogueCards.Find(flow, name);

        var problems = (await CheckAsync(sample.Card, sample.FallbackMarkdown)).ToList();
        var drawn = await DrawAsync(sample.Card);
        if (string.IsNullOrWhiteSpace(drawn)) problems.Add("the renderer drew nothing");

        Assert.True(problems.Count == 0, $"[{flow}] {name} would not show as meant in Webex:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task Check_reports_elements_actions_and_properties_Webex_does_not_show()
    {
        var card = Json("""
        {
          "type": "AdaptiveCard", "version": "1.3", "minHeight": "100px",
          "body": [
            { "type": "Media", "sources": [] },
            { "type": "Table" },
            { "type": "TextBlock", "text": "Hi", "colour": "red" },
            { "type": "Input.Text", "id": "email", "label": "E-mail", "isRequired": true }
          ],
          "actions": [
            { "type": "Action.Execute", "title": "Run" },
            { "type": "Action.Submit", "title": "1" }, { "type": "Action.Submit", "title": "2" },
            { "type": "Action.Submit", "title": "3" }, { "type": "Action.Submit", "title": "4" },
            { "type": "Action.Submit", "title": "5" }, { "type": "Action.Submit", "title": "6" }
          ]
        }
        """);

        var problems = string.Join('\n', await CheckAsync(card, fallback: null));

        Assert.Contains("Unknown element type \"Media\"", problems);
        Assert.Contains("Unknown element type \"Table\"", problems);
        Assert.Contains("Unknown action type \"Action.Execute\"", problems);
        Assert.Contains("Maximum number of actions exceeded (5)", problems);
        Assert.Contains("Required inputs should have an error message", problems);
        Assert.Contains("\"colour\" is not a property of TextBlock", problems);
        Assert.Contains("\"minHeight\" is drawn unevenly", problems);
        Assert.Contains("no fallback text", problems);
    }

    [Fact]
    public async Task Check_reports_a_card_over_20_KB_and_newer_properties()
    {
        var text = new string('x', 21_000);
        var card = Json($$"""
        { "type": "AdaptiveCard", "version": "1.3", "body": [ { "type": "TextBlock", "text": "{{text}}", "style": "heading" } ] }
        """);

        var problems = string.Join('\n', await CheckAsync(card, "A long card"));

        Assert.Contains("keep cards under 20000 bytes", problems);
        Assert.Contains("Property \"style\" is supported in version 1.5", problems);
    }

    [Fact]
    public async Task A_card_within_the_Webex_subset_passes_and_is_drawn()
    {
        var card = Json("""
        {
          "type": "AdaptiveCard", "version": "1.3", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
          "body": [
            { "type": "TextBlock", "text": "Change licences", "weight": "bolder", "size": "medium", "wrap": true },
            { "type": "FactSet", "facts": [ { "title": "User", "value": "bob@acme.test" } ] },
            { "type": "Input.ChoiceSet", "id": "licence", "label": "Licence", "isRequired": true, "errorMessage": "Choose one",
              "choices": [ { "title": "Webex Calling - Professional", "value": "L1" } ] }
          ],
          "actions": [ { "type": "Action.Submit", "title": "Confirm", "style": "positive", "data": { "flow": "edit", "step": "confirm" } } ]
        }
        """);

        Assert.Empty(await CheckAsync(card, "Change licences for bob@acme.test"));
        var drawn = await DrawAsync(card);
        Assert.Contains("Change licences", drawn);
        Assert.Contains("bob@acme.test", drawn);
        Assert.Contains("Confirm", drawn);
    }

    [Fact]
    public async Task A_submit_sends_the_inputs_merged_with_the_action_data_and_the_data_wins()
    {
        var card = Json("""
        {
          "type": "AdaptiveCard", "version": "1.3",
          "body": [
            { "type": "Input.Text", "id": "email", "value": "bob@acme.test" },
            { "type": "Input.Toggle", "id": "keep", "title": "Keep calling data", "value": "true" },
            { "type": "Input.Text", "id": "step", "value": "typed" }
          ],
          "actions": [ { "type": "Action.Submit", "title": "Go", "data": { "flow": "edit", "step": "choose" } } ]
        }
        """);
        await DrawAsync(card, captureSubmit: true);

        await page.GetByRole(AriaRole.Button, new() { Name = "Go" }).ClickAsync();
        var submitted = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.lastSubmit)")).RootElement;

        Assert.Equal("bob@acme.test", submitted.GetProperty("email").GetString());
        Assert.Equal("true", submitted.GetProperty("keep").GetString());
        Assert.Equal("edit", submitted.GetProperty("flow").GetString());
        Assert.Equal("choose", submitted.GetProperty("step").GetString());
    }

    [Fact]
    public async Task Markdown_of_messages_and_card_text_is_drawn_without_running_what_anyone_typed()
    {
        var html = await page.EvaluateAsync<string>(
            "(text) => WebexCards.markdown(text)",
            "<img src=x onerror=alert(1)> **bold** _it_ [docs](https://help.webex.com) [bad](javascript:alert(1))\n- one\n- two <@personId:P-1|Alice>");

        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("<em>it</em>", html);
        Assert.Contains("<a href=\"https://help.webex.com\" target=\"_blank\" rel=\"noopener\">docs</a>", html);
        Assert.DoesNotContain("href=\"javascript:", html);
        Assert.Contains("<ul><li>one</li><li>two <span class=\"mention\">Alice</span></li></ul>", html);
    }

    private async Task<string[]> CheckAsync(JsonElement card, string? fallback) =>
        await page.EvaluateAsync<string[]>("([json, fallback]) => WebexCards.check(JSON.parse(json), fallback)", new object?[] { card.GetRawText(), fallback });

    private async Task<string> DrawAsync(JsonElement card, bool captureSubmit = false) =>
        await page.EvaluateAsync<string>(
            """
            ([json, capture]) => {
              const host = document.getElementById("host");
              const drawn = WebexCards.render(JSON.parse(json), (inputs) => { if (capture) window.lastSubmit = inputs; });
              host.replaceChildren(...(drawn ? [drawn] : []));
              return drawn ? drawn.innerText : "";
            }
            """,
            new object[] { card.GetRawText(), captureSubmit });

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
