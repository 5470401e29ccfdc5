using System.Text;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Webex;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Webex;

/// <summary>The adapter's replies against the simulator: thread, text edits, card replacement, files both ways.</summary>
public sealed class WebexTurnContextTests
{
    [Fact]
    public async Task Replies_go_in_the_thread_text_is_edited_in_place_and_a_card_is_replaced()
    {
        await using var space = await BotSpace.StartAsync();
        var asked = await space.As("alice@acme.test").SayAsync(DemoOrg.AdminsRoomId, "no mention, no webhook");
        var turn = new WebexTurnContext(RecordingTurnContext.Message("x", DemoOrg.Ids.Person("P-ALICE"), DemoOrg.AdminsRoomId, id: asked.Id), space.Services.GetRequiredService<IWebexMessaging>());

        var progress = await turn.SendActivityAsync(Activity.CreateMessage("Working: 0 of 3"), CancellationToken.None);
        await turn.UpdateActivityAsync(Activity.CreateMessage("Working: 3 of 3") with { Id = progress.Id }, CancellationToken.None);
        var card = await turn.SendCardAsync(new AdaptiveCard { Body = [new TextBlock("Plan v1")] }, "Plan v1", CancellationToken.None);
        var replaced = await turn.UpdateActivityAsync(new AdaptiveCard { Body = [new TextBlock("Plan v2")] }.ToActivity("Plan v2") with { Id = card.Id }, CancellationToken.None);

        var messages = await space.BotMessagesAsync(DemoOrg.AdminsRoomId);
        Assert.All(messages, m => Assert.Equal(asked.Id, m.ParentId));
        Assert.Equal("Working: 3 of 3", messages.Single(m => m.Id == progress.Id).Markdown);
        Assert.DoesNotContain(messages, m => m.Id == card.Id);
        Assert.Contains("Plan v2", messages.Single(m => m.Id == replaced.Id).CardText);
    }

    [Fact]
    public async Task A_file_sent_in_the_thread_can_be_opened_as_an_incoming_attachment()
    {
        await using var space = await BotSpace.StartAsync();
        var asked = await space.As("alice@acme.test").SayAsync(DemoOrg.AdminsRoomId, "no mention");
        var turn = new WebexTurnContext(RecordingTurnContext.Message("x", DemoOrg.Ids.Person("P-ALICE"), DemoOrg.AdminsRoomId, id: asked.Id), space.Services.GetRequiredService<IWebexMessaging>());
        var csv = Encoding.UTF8.GetBytes("email,result\nbob@acme.test,done\n");

        await turn.SendActivityAsync(new Activity { Text = "Results", Attachments = [Attachment.File("results.csv", "text/csv", csv)] }, CancellationToken.None);

        var sent = Assert.Single(await space.BotMessagesAsync(DemoOrg.AdminsRoomId));
        await using var opened = await turn.OpenAttachmentAsync(new Attachment("text/csv", ContentUrl: Assert.Single(sent.Files)), CancellationToken.None);
        Assert.Equal("results.csv", opened.Name);
        using var copy = new MemoryStream();
        await opened.Content.CopyToAsync(copy);
        Assert.Equal(csv, copy.ToArray());
    }
}
