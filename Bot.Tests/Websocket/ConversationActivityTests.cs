using System.Text;
using System.Text.Json.Nodes;
using LicenseBot.Core.Webex.Websocket;

namespace LicenseBot.Tests.Websocket;

/// <summary>How socket activities become the REST ids the webhook path handles (the JavaScript SDK's rules, docs/websocket-protocol.md).</summary>
public sealed class ConversationActivityTests
{
    private const string MessageUuid = "6917b9b6-1da2-4a0c-93ba-88738ebffeb7";
    private const string RoomUuid = "0c1f42c0-5f0e-11ee-8a5b-0bd1e8d4a3f1";
    private const string AliceUuid = "a1b2c3d4-0000-4000-8000-000000000001";
    private const string BotUuid = "b0b0b0b0-0000-4000-8000-000000000002";

    private static readonly ServiceCatalog Catalog = ServiceCatalog.Parse("""
        {
          "serviceLinks": { "wdm": "https://wdm-a.wbx2.com/wdm/api/v1" },
          "hostCatalog": {
            "conv-a.wbx2.com": [ { "host": "conv-a.wbx2.com", "ttl": -1, "priority": 5, "id": "urn:TEAM:us-east-2_a:conversation" } ],
            "conv-k.wbx2.com": [ { "host": "conv-k.wbx2.com", "ttl": -1, "priority": 5, "id": "urn:TEAM:eu-central-1_k:conversation" } ]
          }
        }
        """);

    [Fact]
    public void A_hydra_id_is_base64url_of_the_ciscospark_uri_without_padding_and_reads_back()
    {
        var id = HydraId.Build(HydraId.Message, MessageUuid);

        Assert.Equal("ciscospark://us/MESSAGE/" + MessageUuid, Encoding.UTF8.GetString(Convert.FromBase64String(id.Replace('-', '+').Replace('_', '/') + new string('=', (4 - id.Length % 4) % 4))));
        Assert.DoesNotContain('=', id);
        Assert.Equal(("us", "MESSAGE", MessageUuid), HydraId.TryParse(id));
        Assert.Null(HydraId.TryParse("M-123"));
        Assert.Null(HydraId.TryParse("R-ADMINS"));
        // People are always in "us", whatever cluster the conversation is in.
        Assert.Equal(HydraId.Build(HydraId.People, AliceUuid), HydraId.Build(HydraId.People, AliceUuid, "urn:TEAM:eu-central-1_k"));
    }

    [Theory]
    [InlineData("https://conv-a.wbx2.com/conversation/api/v1/conversations/x", "us")]
    [InlineData("https://conv-k.wbx2.com/conversation/api/v1/conversations/x", "urn:TEAM:eu-central-1_k")]
    [InlineData("https://conv-unknown.example/conversations/x", "us")]
    [InlineData(null, "us")]
    public void The_cluster_of_a_conversation_comes_from_the_catalogs_host_map(string? url, string cluster) =>
        Assert.Equal(cluster, Catalog.ClusterOf(url));

    [Fact]
    public void A_posted_message_becomes_a_messages_created_event_with_the_messages_rest_id()
    {
        var e = ConversationActivities.ToEvent(Activity("post", "conv-a"), Catalog, BotUuid)!;

        Assert.Equal(("messages", "created"), (e.Resource, e.Event));
        Assert.Equal(HydraId.Build(HydraId.Message, MessageUuid), e.Data.Id);
        Assert.Equal(HydraId.Build(HydraId.Room, RoomUuid), e.Data.RoomId);
        Assert.Equal(HydraId.Build(HydraId.People, AliceUuid), e.Data.PersonId);
        Assert.Equal("group", e.Data.RoomType);
    }

    [Fact]
    public void A_shared_file_in_a_one_on_one_space_is_a_message_too_and_the_space_is_direct()
    {
        var e = ConversationActivities.ToEvent(Activity("share", "conv-k", oneOnOne: true), Catalog, BotUuid)!;

        Assert.Equal("messages", e.Resource);
        Assert.Equal(HydraId.Build(HydraId.Message, MessageUuid, "urn:TEAM:eu-central-1_k"), e.Data.Id);
        Assert.Equal("direct", e.Data.RoomType);
    }

    [Fact]
    public void A_card_action_becomes_an_attachment_action_by_the_activity_id_on_the_cards_message()
    {
        const string cardUuid = "c4c4c4c4-0000-4000-8000-000000000003";
        var activity = Activity("cardAction", "conv-a");
        activity["parent"] = new JsonObject { ["id"] = cardUuid };

        var e = ConversationActivities.ToEvent(activity, Catalog, BotUuid)!;

        Assert.Equal("attachmentActions", e.Resource);
        Assert.Equal(HydraId.Build(HydraId.AttachmentAction, MessageUuid), e.Data.Id);
        Assert.Equal(HydraId.Build(HydraId.Message, cardUuid), e.Data.MessageId);
        Assert.Equal("submit", e.Data.Type);
    }

    [Fact]
    public void The_bots_own_activities_and_other_verbs_are_not_events()
    {
        Assert.Null(ConversationActivities.ToEvent(Activity("post", "conv-a", actor: BotUuid), Catalog, BotUuid));
        Assert.Null(ConversationActivities.ToEvent(Activity("acknowledge", "conv-a"), Catalog, BotUuid));
        Assert.Null(ConversationActivities.ToEvent(Activity("delete", "conv-a"), Catalog, BotUuid));
        Assert.NotNull(ConversationActivities.ToEvent(Activity("post", "conv-a"), Catalog, selfUuid: null));
    }

    [Fact]
    public void Frames_are_read_and_written_as_the_sdk_speaks_them()
    {
        var ready = MercuryFrames.Parse("""{"id":"f1","data":{"eventType":"mercury.buffer_state"}}"""u8)!;
        Assert.True(ready.IsReady);
        var pong = MercuryFrames.Parse("""{"id":"p1","type":"pong"}"""u8)!;
        Assert.True(pong.IsPong);
        Assert.False(pong.IsReady);
        var activity = MercuryFrames.Parse("""{"id":"f2","sequenceNumber":7,"data":{"eventType":"conversation.activity","activity":{"id":"x","verb":"post"}}}"""u8)!;
        Assert.Equal((MercuryFrames.ConversationActivity, 7L, "post"), (activity.EventType, activity.SequenceNumber, activity.Activity!["verb"]!.GetValue<string>()));
        Assert.Null(MercuryFrames.Parse("not json"u8));

        var auth = JsonNode.Parse(MercuryFrames.Authorization("tok"))!;
        Assert.Equal(("authorization", "Bearer tok"), (auth["type"]!.GetValue<string>(), auth["data"]!["token"]!.GetValue<string>()));
        Assert.True(Guid.TryParse(auth["id"]!.GetValue<string>(), out _));
        Assert.Equal("""{"messageId":"f2","type":"ack"}""", MercuryFrames.Ack("f2"));
        Assert.Equal("""{"id":"p9","type":"ping"}""", MercuryFrames.Ping("p9"));
    }

    [Fact]
    public void The_socket_url_gets_the_sdks_query_and_keeps_its_own()
    {
        var uri = MercurySession.SocketUri("wss://mercury-connection-a.wbx2.com/v1/apps/wx2/registrations/abc/messages?x=1");
        Assert.Equal("wss", uri.Scheme);
        Assert.Equal("?x=1&outboundWireFormat=text&bufferStates=true&aliasHttpStatus=true", uri.Query);
    }

    [Fact]
    public void Reconnect_delays_are_jittered_between_half_and_all_of_the_backoff()
    {
        var delays = Enumerable.Range(0, 200).Select(_ => WebexSocketListener.Jittered(TimeSpan.FromSeconds(8))).ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)));
        Assert.True(delays.Distinct().Count() > 100, "the delays should differ from one another");
    }

    private static JsonObject Activity(string verb, string convHost, bool oneOnOne = false, string actor = AliceUuid) => new()
    {
        ["id"] = MessageUuid,
        ["verb"] = verb,
        ["published"] = "2026-12-02T01:00:00.000Z",
        ["actor"] = new JsonObject { ["id"] = actor, ["entryUUID"] = actor, ["objectType"] = "person" },
        ["object"] = new JsonObject { ["objectType"] = "comment" },
        ["target"] = new JsonObject
        {
            ["id"] = RoomUuid, ["objectType"] = "conversation", ["url"] = $"https://{convHost}.wbx2.com/conversation/api/v1/conversations/{RoomUuid}",
            ["tags"] = oneOnOne ? new JsonArray("ONE_ON_ONE") : new JsonArray(),
        },
    };
}
