using System.Text.Json;
using LicenseBot.Core.Cards;

namespace LicenseBot.Tests.Cards;

public sealed class CardModelTests
{
    private static AdaptiveCard Sample() => new()
    {
        Body =
        [
            new TextBlock("Edit licences") { Size = TextSize.Large, Weight = TextWeight.Bolder },
            new FactSet([new Fact("User", "bob@acme.test")]),
            new ColumnSet([new Column([new TextBlock("left")]) { Width = "auto" }]),
            new InputChoiceSet([new Choice("Calling Pro", "L-1")]) { Id = "licence", IsRequired = true, ErrorMessage = "Pick one", Style = ChoiceInputStyle.Expanded },
            new RichTextBlock([new TextRun("bold") { Weight = TextWeight.Bolder }]),
        ],
        Actions =
        [
            new SubmitAction("Confirm", new CardActionData("edit", "confirm", "tok").With("email", "bob@acme.test")) { Style = ActionStyle.Positive },
            new ShowCardAction("More", new AdaptiveCard { Body = [new InputText { Id = "note" }] }),
        ],
    };

    [Fact]
    public void A_card_is_written_as_adaptive_card_1_3_json_with_type_discriminators()
    {
        using var doc = JsonDocument.Parse(CardJson.Serialize(Sample()));
        var root = doc.RootElement;
        Assert.Equal("AdaptiveCard", root.GetProperty("type").GetString());
        Assert.Equal("1.3", root.GetProperty("version").GetString());
        var body = root.GetProperty("body");
        Assert.Equal("TextBlock", body[0].GetProperty("type").GetString());
        Assert.Equal("large", body[0].GetProperty("size").GetString());
        Assert.Equal("bolder", body[0].GetProperty("weight").GetString());
        Assert.Equal("Column", body[2].GetProperty("columns")[0].GetProperty("type").GetString());
        Assert.Equal("Input.ChoiceSet", body[3].GetProperty("type").GetString());
        Assert.Equal("expanded", body[3].GetProperty("style").GetString());
        Assert.Equal("TextRun", body[4].GetProperty("inlines")[0].GetProperty("type").GetString());
        Assert.False(body[1].TryGetProperty("isVisible", out _));
    }

    [Fact]
    public void Submit_data_carries_flow_step_token_and_extra_values_at_the_top_level()
    {
        using var doc = JsonDocument.Parse(CardJson.Serialize(Sample()));
        var action = doc.RootElement.GetProperty("actions")[0];
        Assert.Equal("Action.Submit", action.GetProperty("type").GetString());
        Assert.Equal("positive", action.GetProperty("style").GetString());
        var data = action.GetProperty("data");
        Assert.Equal("edit", data.GetProperty("flow").GetString());
        Assert.Equal("confirm", data.GetProperty("step").GetString());
        Assert.Equal("tok", data.GetProperty("token").GetString());
        Assert.Equal("bob@acme.test", data.GetProperty("email").GetString());
    }

    [Fact]
    public void A_card_reads_back_equal_in_content()
    {
        var json = CardJson.Serialize(Sample());
        Assert.Equal(json, CardJson.Serialize(CardJson.Deserialize(json)));
    }

    [Fact]
    public void The_rules_flag_too_many_actions_reserved_ids_and_required_inputs_without_error_message()
    {
        var submit = new SubmitAction("x", new CardActionData("f", "s"));
        var card = new AdaptiveCard
        {
            Body = [new InputText { Id = "token" }, new InputText { Id = "email", IsRequired = true }, new ActionSet([submit, submit, submit])],
            Actions = [submit, submit, submit],
        };
        var problems = CardRules.Check(card);
        Assert.Contains(problems, p => p.Contains("6 actions"));
        Assert.Contains(problems, p => p.Contains("'token' collides"));
        Assert.Contains(problems, p => p.Contains("'email' has no error message"));
        Assert.Empty(CardRules.Check(Sample()));
    }
}
