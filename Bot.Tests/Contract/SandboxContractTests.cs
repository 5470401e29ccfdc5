using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Sandbox;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Tests.Contract;

/// <summary>
/// The simulator against the repository's contract (contract/webex-operations.json): it serves exactly the
/// operations the contract gives it, every answer validates strictly against the operation's schema (no field the
/// contract does not name), and it refuses licence changes with the contract's error codes.
/// </summary>
public sealed class SandboxContractTests : IAsyncLifetime
{
    private SandboxServer _server = null!;
    private HttpClient _admin = null!;
    private HttpClient _bot = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        // Attendant Console on Sub-NEW has no units at all, so adding it is refused for lack of units.
        var seed = SandboxServer.SmallDemo();
        _server = await SandboxServer.StartAsync(seed with
        {
            Licenses = seed.Licenses!.Select(l => l.Id == DemoOrg.Ids.Licence("L-AC-NEW") ? l with { TotalUnits = 0 } : l).ToList(),
        });
        _admin = _server.Client(_server.Access.AdminToken);
        _bot = _server.Client("bot-token");
        _alice = _server.Client("alice-token");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        return await client.SendAsync(request);
    }

    /// <summary>Finds the operation of the request that was answered and validates the answer against it; returns the body.</summary>
    private static async Task<string> Conforms(HttpResponseMessage response, int? expectedStatus = null)
    {
        var request = response.RequestMessage!;
        var relative = "/" + request.RequestUri!.AbsolutePath[(request.RequestUri.AbsolutePath.IndexOf(SandboxHosting.ApiBasePath, StringComparison.Ordinal) + SandboxHosting.ApiBasePath.Length)..].TrimStart('/');
        var op = WebexContract.Match(request.Method, relative);
        Assert.True(op is not null, $"{request.Method} {relative} is not in the contract");
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (expectedStatus is { } expected) Assert.True(expected == status, $"{op} answered {status}, expected {expected}: {body}");

        foreach (var key in System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query).AllKeys.OfType<string>())
        {
            Assert.True(op!.QueryParameters.Contains(key), $"{op}: query parameter {key} is not in the contract");
        }

        var schema = op!.Responses.TryGetValue(status, out var s) ? s : status >= 400 ? ContractSchemas.Error : null;
        Assert.True(op.Responses.ContainsKey(status) || status >= 400, $"{op} answered {status}, which the contract does not list: {body}");
        if (schema is null)
        {
            Assert.True(body.Length == 0, $"{op} {status} should have no body: {body}");
            return body;
        }

        var errors = WebexContract.Validate(schema, body);
        Assert.True(errors.Count == 0, $"{op} ({status}) does not match the contract: {string.Join("; ", errors)}\n{body}");
        return body;
    }

    [Fact]
    public void The_simulator_serves_exactly_the_operations_the_contract_gives_it()
    {
        var prefix = SandboxHosting.ApiBasePath.TrimStart('/') + "/";
        var served = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith(prefix, StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')[prefix.Length..]}"))
            .ToHashSet();
        var contract = WebexContract.Operations.Where(o => o.ServedBySandbox).Select(o => $"{o.Method} {o.Path}").ToHashSet();

        Assert.Empty(served.Except(contract));
        Assert.Empty(contract.Except(served));
    }

    [Fact]
    public async Task People_answers_match_the_contract()
    {
        await Conforms(await Send(_alice, HttpMethod.Get, "people/me?callingData=true"), 200);
        await Conforms(await Send(_bot, HttpMethod.Get, "people/me"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, "people/me"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, "people?max=50&callingData=true"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, "people?email=bob%40acme.test&callingData=true"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, $"people?id={DemoOrg.Ids.Person("P-BOB")},{DemoOrg.Ids.Person("P-ERIN")}"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, $"people/{DemoOrg.Ids.Person("P-ALICE")}?callingData=true"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, $"people/{DemoOrg.Ids.Person("P-ERIN")}"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, "people/P-NOBODY"), 404);
        await Conforms(await Send(_server.Client("no-such-token"), HttpMethod.Get, "people/me"), 401);
    }

    [Fact]
    public async Task Licence_answers_match_the_contract()
    {
        await Conforms(await Send(_admin, HttpMethod.Get, "licenses"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, $"licenses/{DemoOrg.Ids.Licence("L-MSG-OLD")}?includeAssignedTo=user&limit=5"), 200);
        await Conforms(await Send(_admin, HttpMethod.Get, $"licenses/{DemoOrg.Ids.Licence("L-MTG-OLD")}"), 200);
        await Conforms(await Send(_admin, HttpMethod.Patch, "licenses/users", new
        {
            personId = DemoOrg.Ids.Person("P-BOB"),
            licenses = new object[]
            {
                new { id = DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), operation = "remove" },
                new { id = DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), operation = "add", properties = new { locationId = DemoOrg.Ids.Location("LOC-AMS"), extension = "1002" } },
            },
        }), 200);
        await Conforms(await Send(_admin, HttpMethod.Patch, "licenses/users", new
        {
            personId = DemoOrg.Ids.Person("P-NORA"), siteUrls = new[] { new { siteUrl = "acme.webex.com", accountType = "attendee" } },
        }), 200);
        await Conforms(await Send(_admin, HttpMethod.Patch, "licenses/users", new { email = "new.guest@partner.example", licenses = new[] { new { id = DemoOrg.Ids.Licence("L-MSG-OLD") } } }), 200);
        await Conforms(await Send(_bot, HttpMethod.Patch, "licenses/users", new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { new { id = DemoOrg.Ids.Licence("L-MSG-NEW") } } }), 403);
    }

    [Fact]
    public async Task A_partial_licence_patch_matches_the_206_schema()
    {
        await using var server = await SandboxServer.StartAsync(settings: new Dictionary<string, string?> { ["Sandbox:PartialRate"] = "1" });
        var admin = server.Client(server.Access.AdminToken);
        await Conforms(await Send(admin, HttpMethod.Patch, "licenses/users", new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { new { id = DemoOrg.Ids.Licence("L-CXB-NEW") }, new { id = DemoOrg.Ids.Licence("L-CXB-OLD") } } }), 206);
    }

    /// <summary>Requests Webex refuses, each with the error code the contract gives it; together they produce every code the contract lists.</summary>
    public static TheoryData<string, string, int> Refusals => new()
    {
        { "unknown licence", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-NORA")}}}","licenses":[{"id":"L-NOPE"}]}""", 400000 },
        { "removing a licence the person lacks", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-NORA")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-CALL-PRO-OLD")}}}","operation":"remove"}]}""", 400 },
        { "calling licence without its properties", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-NORA")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-CALL-PRO-NEW")}}}"}]}""", 400411 },
        { "Professional to Standard", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-BOB")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-CALL-PRO-OLD")}}}","operation":"remove"},{"id":"{{{DemoOrg.Ids.Licence("L-CALL-STD-NEW")}}}","properties":{"locationId":"{{{DemoOrg.Ids.Location("LOC-AMS")}}}","extension":"1002"}}]}""", 400112 },
        { "CX Essentials to Standard", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-CATHY")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-CXE-OLD")}}}","operation":"remove"},{"id":"{{{DemoOrg.Ids.Licence("L-CALL-STD-NEW")}}}","properties":{"locationId":"{{{DemoOrg.Ids.Location("LOC-BRU")}}}","extension":"1006"}}]}""", 400410 },
        { "Professional and Standard together", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-BOB")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-CALL-STD-NEW")}}}","properties":{"locationId":"{{{DemoOrg.Ids.Location("LOC-AMS")}}}","extension":"1092"}}]}""", 400404 },
        { "two calling licences", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-BOB")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-CALL-BASIC-NEW")}}}","properties":{"locationId":"{{{DemoOrg.Ids.Location("LOC-AMS")}}}","extension":"1093"}}]}""", 400413 },
        { "Standard and Attendant Console", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-STAN")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-AC-OLD")}}}"}]}""", 400406 },
        { "Standard and CX Essentials", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-STAN")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-CXE-OLD")}}}"}]}""", 400407 },
        { "Attendant Console without Professional", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-NORA")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-AC-OLD")}}}"}]}""", 400408 },
        { "no free unit (the sandbox's code)", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-BOB")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-AC-NEW")}}}"}]}""", 400811 },
        { "a licence of a suspended subscription (the sandbox's code)", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-NORA")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-MSG-SUSP")}}}"}]}""", 400812 },
        { "attendee on a site without attendee accounts", $$$"""{"personId":"{{{DemoOrg.Ids.Person("P-NORA")}}}","siteUrls":[{"siteUrl":"acme-events.webex.com","accountType":"attendee"}]}""", 400216 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_licence_change_answers_400_with_the_contracts_error_code(string what, string body, int code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "licenses/users") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        var answer = await Conforms(await _admin.SendAsync(request), 400);

        var errorCode = JsonDocument.Parse(answer).RootElement.ErrorCode();
        Assert.True(code == errorCode, $"{what}: error code {errorCode}, expected {code}");
        Assert.Contains(code, WebexContract.Get("patchUserLicenses").ErrorCodes(400));
    }

    [Fact]
    public void The_refusals_cover_every_error_code_the_contract_lists()
    {
        var produced = Refusals.Select(r => (int)r[2]).ToHashSet();
        Assert.Equal(WebexContract.Get("patchUserLicenses").ErrorCodes(400).Order(), produced.Order());
    }

    [Fact]
    public async Task Room_and_membership_answers_match_the_contract()
    {
        await Conforms(await Send(_bot, HttpMethod.Get, "rooms"), 200);
        await Conforms(await Send(_alice, HttpMethod.Get, "rooms?type=group&max=10"), 200);
        await Conforms(await Send(_bot, HttpMethod.Get, $"rooms/{DemoOrg.AdminsRoomId}"), 200);
        await Conforms(await Send(_bot, HttpMethod.Get, $"memberships?roomId={DemoOrg.AdminsRoomId}&max=1000"), 200);
    }

    [Fact]
    public async Task Message_and_card_answers_match_the_contract()
    {
        var card = new { contentType = "application/vnd.microsoft.card.adaptive", content = new { type = "AdaptiveCard", version = "1.3", body = new[] { new { type = "TextBlock", text = "Hi" } } } };
        var posted = await Conforms(await Send(_bot, HttpMethod.Post, "messages", new { roomId = DemoOrg.AdminsRoomId, markdown = "Hello <@personEmail:alice@acme.test|Alice>", attachments = new[] { card } }), 200);
        var cardMessage = JsonDocument.Parse(posted).RootElement.Str("id");

        var text = await Conforms(await Send(_alice, HttpMethod.Post, "messages", new { roomId = DemoOrg.AdminsRoomId, text = "plain" }), 200);
        var textId = JsonDocument.Parse(text).RootElement.Str("id");
        await Conforms(await Send(_bot, HttpMethod.Post, "messages", new { roomId = DemoOrg.AdminsRoomId, parentId = textId, text = "in the thread" }), 200);
        await Conforms(await Send(_bot, HttpMethod.Post, "messages", new { toPersonEmail = "nora@acme.test", markdown = "hi Nora" }), 200);

        using var form = new MultipartFormDataContent { { new StringContent(DemoOrg.AdminsRoomId), "roomId" }, { new StringContent("the file"), "markdown" } };
        form.Add(new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "files", "users.csv");
        var withFile = await Conforms(await _alice.PostAsync("messages", form), 200);
        var fileUrl = JsonDocument.Parse(withFile).RootElement.GetProperty("files")[0].GetString()!;

        await Conforms(await Send(_bot, HttpMethod.Get, $"messages?roomId={DemoOrg.AdminsRoomId}&max=5"), 200);
        await Conforms(await Send(_bot, HttpMethod.Get, $"messages/{cardMessage}"), 200);
        await Conforms(await Send(_alice, HttpMethod.Put, $"messages/{textId}", new { roomId = DemoOrg.AdminsRoomId, markdown = "**edited**" }), 200);
        await Conforms(await Send(_bot, HttpMethod.Put, $"messages/{cardMessage}", new { roomId = DemoOrg.AdminsRoomId, text = "a card cannot be edited" }), 400);

        var action = await Conforms(await Send(_alice, HttpMethod.Post, "attachment/actions", new { type = "submit", messageId = cardMessage, inputs = new { Name = "x", flow = "edit" } }), 202);
        var actionId = JsonDocument.Parse(action).RootElement.Str("id");
        await Conforms(await Send(_bot, HttpMethod.Get, $"attachment/actions/{actionId}"), 200);

        var download = await _bot.GetAsync(fileUrl);
        Assert.Equal(200, (int)download.StatusCode);
        Assert.NotNull(WebexContract.Match(HttpMethod.Get, "/" + download.RequestMessage!.RequestUri!.AbsolutePath.Split(SandboxHosting.ApiBasePath)[1].TrimStart('/')));
        Assert.Equal("users.csv", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        await Conforms(await Send(_bot, HttpMethod.Delete, $"messages/{cardMessage}"), 204);
    }

    [Fact]
    public async Task Webhook_answers_match_the_contract()
    {
        var created = await Conforms(await Send(_bot, HttpMethod.Post, "webhooks", new { name = "bot", targetUrl = "http://127.0.0.1:9/hook", resource = "messages", @event = "created", secret = "x" }), 200);
        var id = JsonDocument.Parse(created).RootElement.Str("id");
        await Conforms(await Send(_bot, HttpMethod.Post, "webhooks", new { name = "bot", targetUrl = "http://127.0.0.1:9/hook", resource = "messages", @event = "created", secret = "x" }), 409);
        await Conforms(await Send(_bot, HttpMethod.Get, "webhooks?max=100"), 200);
        await Conforms(await Send(_bot, HttpMethod.Get, $"webhooks/{id}"), 200);
        await Conforms(await Send(_bot, HttpMethod.Put, $"webhooks/{id}", new { name = "bot2", targetUrl = "http://127.0.0.1:9/hook2", status = "active" }), 200);
        await Conforms(await Send(_bot, HttpMethod.Delete, $"webhooks/{id}"), 204);
    }

    [Fact]
    public void The_checker_refuses_unknown_fields_wrong_types_and_values_outside_an_enum()
    {
        var person = WebexContract.Get("getPerson").Responses[200];
        Assert.Empty(WebexContract.Validate(person, """{"id": "P", "emails": ["a@b.c"], "invitePending": "true"}"""));
        Assert.NotEmpty(WebexContract.Validate(person, """{"id": 5, "emails": []}"""));
        Assert.NotEmpty(WebexContract.Validate(person, """{"id": "P", "emails": "a@b.c"}"""));
        Assert.NotEmpty(WebexContract.Validate(person, """{"id": "P", "emails": [], "invitePending": true}"""));
        Assert.NotEmpty(WebexContract.Validate(person, """{"id": "P", "emails": [], "nickname": "Bobby"}"""));
        Assert.NotEmpty(WebexContract.Validate(person, """{"emails": []}"""));
        Assert.NotEmpty(WebexContract.Validate(WebexContract.Get("getLicense").Responses[200], """{"id": "L", "name": "n", "users": [{"id": "P", "type": "internal"}]}"""));
        Assert.NotEmpty(WebexContract.Validate(WebexContract.Get("getRoom").Responses[200], """{"id": "R", "type": "team"}"""));
        Assert.NotEmpty(WebexContract.Validate(ContractSchemas.Error, """{"message": "m", "errors": [{"errorCode": "400411"}]}"""));
    }

    [Fact]
    public void Every_schema_reference_of_the_contract_resolves_and_every_operation_is_unique()
    {
        foreach (var op in WebexContract.Operations)
        {
            foreach (var (_, schema) in op.Responses) if (schema is JsonObject s && s["binary"] is null) Assert.NotNull(WebexContract.Validator(schema));
            if (op.RequestSchema is not null) Assert.NotNull(WebexContract.Validator(op.RequestSchema));
        }
        Assert.Equal(WebexContract.Operations.Count, WebexContract.Operations.Select(o => $"{o.Method} {o.Path}").Distinct().Count());
        Assert.Equal(WebexContract.Operations.Count, WebexContract.Operations.Select(o => o.Id).Distinct().Count());
    }
}
