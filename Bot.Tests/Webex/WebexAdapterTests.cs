using LicenseBot.Core.Conversation;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace LicenseBot.Tests.Webex;

public sealed class WebexAdapterTests
{
    private sealed class ThrowingBot : IBot
    {
        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken ct) => throw new InvalidOperationException("secret internals at line 42");
    }

    private sealed class RecordingBot : IBot
    {
        public Activity? Seen { get; private set; }

        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken ct)
        {
            Seen = turnContext.Activity;
            return Task.CompletedTask;
        }
    }

    private static WebhookEnvelope Event(string resource, string id, string personId = "P-ALICE") => new()
    {
        Id = "WH", Resource = resource, Event = "created",
        Data = new WebhookEventData { Id = id, RoomId = "R1", PersonId = personId },
    };

    private static Mock<IWebexMessaging> Webex()
    {
        var webex = new Mock<IWebexMessaging>();
        webex.Setup(w => w.GetMeAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "BOT", DisplayName = "LicenseBot" });
        webex.Setup(w => w.GetMessageAsync("M1", It.IsAny<CancellationToken>())).ReturnsAsync(new WebexMessage
        {
            Id = "M1", RoomId = "R1", RoomType = "group", PersonId = "P-ALICE", PersonEmail = "alice@acme.test", Text = "LicenseBot edit bob@acme.test",
            ParentId = "T0", Files = ["https://webex.test/v1/contents/C1"], MentionedPeople = ["BOT"],
        });
        webex.Setup(w => w.CreateMessageAsync(It.IsAny<CreateMessageRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(new WebexMessage { Id = "REPLY" });
        return webex;
    }

    [Fact]
    public async Task A_message_becomes_an_activity_without_the_mention_in_its_thread_with_its_files()
    {
        var webex = Webex();
        var bot = new RecordingBot();
        await new WebexAdapter(webex.Object, new BotIdentity(webex.Object), NullLogger<WebexAdapter>.Instance).ProcessActivityAsync(Event("messages", "M1"), bot, CancellationToken.None);

        var activity = bot.Seen!;
        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("edit bob@acme.test", activity.Text);
        Assert.Equal(("P-ALICE", "alice@acme.test"), (activity.From!.Id, activity.From.Email));
        Assert.Equal(("R1", true), (activity.Conversation!.Id, activity.Conversation.IsGroup));
        Assert.Equal("T0", activity.ThreadId);
        Assert.Equal("https://webex.test/v1/contents/C1", Assert.Single(activity.Attachments).ContentUrl);
    }

    [Fact]
    public async Task Events_caused_by_the_bot_itself_are_ignored_without_fetching_anything()
    {
        var webex = Webex();
        var bot = new RecordingBot();
        await new WebexAdapter(webex.Object, new BotIdentity(webex.Object), NullLogger<WebexAdapter>.Instance).ProcessActivityAsync(Event("messages", "M1", personId: "BOT"), bot, CancellationToken.None);
        Assert.Null(bot.Seen);
        webex.Verify(w => w.GetMessageAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_failed_turn_is_answered_in_the_thread_with_a_tracking_id_and_no_internals()
    {
        var webex = Webex();
        await new WebexAdapter(webex.Object, new BotIdentity(webex.Object), NullLogger<WebexAdapter>.Instance).ProcessActivityAsync(Event("messages", "M1"), new ThrowingBot(), CancellationToken.None);

        webex.Verify(w => w.CreateMessageAsync(It.Is<CreateMessageRequest>(m =>
            m.RoomId == "R1" && m.ParentId == "T0" && m.Markdown!.Contains("Tracking id: LB-") && !m.Markdown.Contains("secret internals")), It.IsAny<CancellationToken>()), Times.Once);
    }
}
