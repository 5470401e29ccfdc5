using LicenseBot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Dialogs;

/// <summary>
/// How one <c>edit</c> travels: the Webex calls the whole bot makes for the command, the review and the confirmation,
/// counted by a handler on its real HTTP clients (webhook deliveries of the simulator are not Webex calls of the bot).
/// </summary>
public sealed class EditTravelTests(ITestOutputHelper output)
{
    /// <summary>Every call the bot makes to the (simulated) Webex API, as "METHOD /path", in order.</summary>
    private sealed class WebexCalls
    {
        private readonly List<string> _calls = [];

        public void Add(string call)
        {
            lock (_calls) _calls.Add(call);
        }

        /// <summary>The calls since the last <see cref="Take"/>.</summary>
        public List<string> Take()
        {
            lock (_calls)
            {
                var taken = _calls.ToList();
                _calls.Clear();
                return taken;
            }
        }
    }

    private sealed class CountingHandler(WebexCalls calls) : DelegatingHandler
    {
        private const string Api = "/sandbox/webex/v1/";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var path = request.RequestUri!.AbsolutePath;
            var at = path.IndexOf(Api, StringComparison.Ordinal);
            if (at >= 0) calls.Add($"{request.Method} {path[(at + Api.Length - 1)..]}{request.RequestUri.Query}");
            return base.SendAsync(request, ct);
        }
    }

    [Fact]
    public async Task A_review_reads_the_user_and_the_org_once_and_a_confirmation_re_reads_the_user_right_before_the_patch()
    {
        var calls = new WebexCalls();
        await using var space = await BotSpace.StartAsync(services: s =>
            s.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new CountingHandler(calls))));
        var alice = space.As("alice@acme.test");
        calls.Take();

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "edit bob@acme.test");
        var form = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        var command = calls.Take();
        await alice.SubmitAsync(form, "Review", Inputs(form, ("family:Calling", DemoOrg.Ids.Licence("L-CALL-PRO-NEW"))));
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        var review = calls.Take();
        await alice.SubmitAsync(confirm, "Confirm");
        var result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Done", result.CardText);
        var confirmation = calls.Take();

        foreach (var (hop, list) in new[] { ("command", command), ("review", review), ("confirm", confirmation) })
            output.WriteLine($"{hop}: {list.Count} calls\n  {string.Join("\n  ", list)}");

        Assert.Equal(1, review.Count(c => c.StartsWith("GET /people?email=", StringComparison.Ordinal)));
        Assert.Equal(1, review.Count(c => c.StartsWith("GET /licenses", StringComparison.Ordinal)));
        // The confirmation: Bob re-read right before the PATCH (optimistic check), the PATCH, the read-back.
        Assert.Equal([$"GET /people/{DemoOrg.Ids.Person("P-BOB")}", "PATCH /licenses/users", $"GET /people/{DemoOrg.Ids.Person("P-BOB")}"],
            confirmation.Where(c => c.Contains(DemoOrg.Ids.Person("P-BOB"), StringComparison.Ordinal) || c.Contains("/licenses", StringComparison.Ordinal))
                .Select(c => c.Split('?')[0]));
    }
}
