using System.Text.Json;

namespace LicenseBot.Tests.CardFidelity;

public sealed class WebexCardRulesTests
{
    [Fact]
    public void A_card_within_the_Webex_subset_has_no_problems()
    {
        var card = Json("""
        {
          "type": "AdaptiveCard", "version": "1.3",
          "body": [
            { "type": "Container", "style": "emphasis", "items": [ { "type": "TextBlock", "text": "Bob", "wrap": true } ] },
            { "type": "ColumnSet", "columns": [ { "type": "Column", "items": [ { "type": "Input.Toggle", "id": "keep", "title": "Keep" } ] } ] },
            { "type": "ActionSet", "actions": [ { "type": "Action.OpenUrl", "title": "Docs", "url": "https://help.webex.com" } ] }
          ],
          "actions": [
            { "type": "Action.Submit", "title": "Confirm", "data": { "flow": "edit", "step": "confirm", "token": "t" } },
            { "type": "Action.ShowCard", "title": "More", "card": { "type": "AdaptiveCard", "body": [ { "type": "Input.Text", "id": "note" } ],
              "actions": [ { "type": "Action.Submit", "title": "Save", "data": { "flow": "edit", "step": "note" } } ] } }
          ]
        }
        """);

        Assert.Empty(WebexCardRules.Check(card, "Bob's licences"));
    }

    [Fact]
    public void Elements_and_actions_Webex_does_not_show_are_reported()
    {
        var card = Json("""
        {
          "type": "AdaptiveCard", "version": "1.3",
          "body": [ { "type": "Media" }, { "type": "Container", "items": [ { "type": "Table" } ] } ],
          "actions": [ { "type": "Action.Execute", "title": "Run" }, { "type": "Action.ToggleVisibility", "title": "Show" } ]
        }
        """);

        var problems = WebexCardRules.Check(card, "fallback");

        Assert.Contains(problems, p => p.Contains("'Media'"));
        Assert.Contains(problems, p => p.Contains("card.body[1].items[0]") && p.Contains("'Table'"));
        Assert.Contains(problems, p => p.Contains("'Action.Execute'"));
        Assert.Contains(problems, p => p.Contains("'Action.ToggleVisibility'"));
    }

    [Fact]
    public void More_than_five_actions_counting_action_sets_are_reported()
    {
        var submit = """{ "type": "Action.Submit", "title": "x", "data": { "flow": "f", "step": "s" } }""";
        var card = Json($$"""
        {
          "type": "AdaptiveCard", "version": "1.3",
          "body": [ { "type": "ActionSet", "actions": [ {{submit}}, {{submit}}, {{submit}} ] } ],
          "actions": [ {{submit}}, {{submit}}, {{submit}} ]
        }
        """);

        Assert.Contains("6 actions; Webex shows at most 5.", WebexCardRules.Check(card, "fallback"));
    }

    [Fact]
    public void A_wrong_version_a_big_card_and_a_missing_fallback_are_reported()
    {
        var card = Json($$"""
        { "type": "AdaptiveCard", "version": "1.5", "body": [ { "type": "TextBlock", "text": "{{new string('x', 20_100)}}" } ] }
        """);

        var problems = WebexCardRules.Check(card, " ");

        Assert.Contains(problems, p => p.Contains("'1.5'"));
        Assert.Contains(problems, p => p.Contains("keep it under 20000"));
        Assert.Contains("No fallback text for clients that cannot show cards.", problems);
    }

    [Fact]
    public void Avoided_properties_string_data_and_data_keys_that_reuse_input_ids_are_reported()
    {
        var card = Json("""
        {
          "type": "AdaptiveCard", "version": "1.3", "backgroundImage": "https://x/y.png",
          "body": [ { "type": "Input.Text", "id": "email" }, { "type": "Image", "url": "data:image/png;base64,AAAA" } ],
          "actions": [
            { "type": "Action.Submit", "title": "A", "data": "edit" },
            { "type": "Action.Submit", "title": "B", "data": { "flow": "edit", "email": "x@acme.test" } }
          ]
        }
        """);

        var problems = WebexCardRules.Check(card, "fallback");

        Assert.Contains(problems, p => p.Contains("'backgroundImage'"));
        Assert.Contains(problems, p => p.Contains("data URIs"));
        Assert.Contains(problems, p => p.Contains("card.actions[0]") && p.Contains("must be an object"));
        Assert.Contains(problems, p => p.Contains("card.actions[1]") && p.Contains("'email' is also an input id"));
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
