using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LicenseBot.Tests.Contract;

/// <summary>
/// The bot's REST client against the repository's contract (contract/webex-operations.json): every request it
/// sends matches a contract operation (method, path, query parameters, body), it calls every operation the contract
/// says it uses, it reads the least and the fullest answer the contract allows, and every field its models read is in the contract
/// with a compatible type.
/// </summary>
public sealed class ClientContractTests
{
    private const string Base = "https://webex.test/v1";

    /// <summary>A Webex stand-in that checks each request against the contract and answers with the contract's fullest body.</summary>
    private sealed class ContractServer : HttpMessageHandler
    {
        public List<string> Problems { get; } = [];
        public HashSet<string> Called { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var uri = request.RequestUri!;
            var relative = uri.AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal) ? uri.AbsolutePath[3..] : uri.AbsolutePath;
            var op = WebexContract.Match(request.Method, relative);
            if (op is null)
            {
                Problems.Add($"{request.Method} {relative}: not in the contract");
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            Called.Add(op.Id);
            foreach (var key in System.Web.HttpUtility.ParseQueryString(uri.Query).AllKeys.OfType<string>())
            {
                if (!op.QueryParameters.Contains(key)) Problems.Add($"{op}: query parameter {key} is not in the contract");
            }

            await CheckBodyAsync(op, request.Content, ct);
            var (status, schema) = op.Responses.First(r => r.Key is >= 200 and < 300);
            if (schema is null) return new HttpResponseMessage((HttpStatusCode)status);
            if (schema["binary"] is not null)
            {
                var file = new ByteArrayContent("a,b\n"u8.ToArray());
                file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                file.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "\"users.csv\"" };
                return new HttpResponseMessage((HttpStatusCode)status) { Content = file };
            }

            return new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent(WebexContract.Instance(schema, full: true).ToJsonString(), Encoding.UTF8, "application/json"),
            };
        }

        private async Task CheckBodyAsync(ContractOperation op, HttpContent? content, CancellationToken ct)
        {
            if (content is null)
            {
                if (op.RequestSchema is not null) Problems.Add($"{op}: sent without the body the contract requires");
                return;
            }

            if (content is MultipartFormDataContent form)
            {
                foreach (var part in form)
                {
                    var name = part.Headers.ContentDisposition?.Name?.Trim('"') ?? "";
                    if (!op.MultipartFields.Contains(name)) Problems.Add($"{op}: multipart field '{name}' is not in the contract");
                }
                return;
            }

            var mediaType = content.Headers.ContentType?.MediaType;
            if (mediaType != op.RequestContentType)
            {
                Problems.Add($"{op}: sent {mediaType}, the contract says {op.RequestContentType ?? "no body"}");
                return;
            }

            var text = await content.ReadAsStringAsync(ct);
            var json = mediaType == "application/x-www-form-urlencoded"
                ? new JsonObject(System.Web.HttpUtility.ParseQueryString(text).AllKeys.OfType<string>()
                    .Select(k => KeyValuePair.Create(k, (JsonNode?)JsonValue.Create(System.Web.HttpUtility.ParseQueryString(text)[k]))).ToList()).ToJsonString()
                : text;
            foreach (var error in WebexContract.Validate(op.RequestSchema, json)) Problems.Add($"{op}: request body: {error} in {json}");
        }
    }

    private static (ServiceProvider Services, ContractServer Server) Build()
    {
        var server = new ContractServer();
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<WebexOptions>(o =>
        {
            o.ApiBaseUrl = Base;
            o.BotToken = "bot-token";
            o.AdminToken = "admin-token";
            o.MaxRetries = 0;
        });
        services.AddWebexClients();
        services.AddHttpClient(WebexMessagingClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddHttpClient(WebexAdminClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddHttpClient(OAuthRefreshTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => server);
        return (services.BuildServiceProvider(), server);
    }

    [Fact]
    public async Task Every_call_of_the_client_is_a_contract_operation_with_the_contracts_fields()
    {
        var (services, server) = Build();
        var admin = services.GetRequiredService<IWebexAdmin>();
        var messaging = services.GetRequiredService<IWebexMessaging>();
        var ct = CancellationToken.None;
        var invoked = new HashSet<string>();
        async Task Call(string method, Func<Task> call)
        {
            invoked.Add(method);
            await call();
        }

        await Call(nameof(IWebexAdmin.GetPersonAsync), () => admin.GetPersonAsync("P1", callingData: true, ct));
        await Call(nameof(IWebexAdmin.FindPersonByEmailAsync), () => admin.FindPersonByEmailAsync("bob@acme.test", callingData: true, ct));
        await Call(nameof(IWebexAdmin.ListPeopleAsync), async () => await admin.ListPeopleAsync(callingData: true, ct).ToListAsync(ct));
        await Call(nameof(IWebexAdmin.ListPeopleByIdAsync), () => admin.ListPeopleByIdAsync(["P1", "P2"], callingData: true, ct));
        await Call(nameof(IWebexAdmin.ListLicensesAsync), () => admin.ListLicensesAsync(ct));
        await Call(nameof(IWebexAdmin.ListLicenseUsersAsync), async () => await admin.ListLicenseUsersAsync("L1", ct).ToListAsync(ct));
        await Call(nameof(IWebexAdmin.PatchUserLicensesAsync), () => admin.PatchUserLicensesAsync(new LicensePatchRequest
        {
            Email = "bob@acme.test",
            PersonId = "P1",
            OrgId = "O1",
            Licenses =
            [
                new LicenseOperationRequest("L-OLD", "remove"),
                new LicenseOperationRequest("L-NEW", "add", new LicenseProperties("LOC", "+31201000001", "1001")),
            ],
            SiteUrls = [new SiteUrlRequest("acme.webex.com", "attendee", "add")],
        }, ct));

        await Call(nameof(IWebexMessaging.GetMeAsync), () => messaging.GetMeAsync(ct));
        await Call(nameof(IWebexMessaging.GetMessageAsync), () => messaging.GetMessageAsync("M1", ct));
        using var card = JsonDocument.Parse("""{"type":"AdaptiveCard","version":"1.3","body":[]}""");
        await Call(nameof(IWebexMessaging.CreateMessageAsync), () => messaging.CreateMessageAsync(new CreateMessageRequest
        {
            RoomId = "R1", ParentId = "M0", Text = "t", Markdown = "m",
            Attachments = [new MessageAttachment(MessageAttachment.AdaptiveCardContentType, card.RootElement)],
        }, ct));
        await Call(nameof(IWebexMessaging.CreateMessageAsync), () => messaging.CreateMessageAsync(new CreateMessageRequest { ToPersonEmail = "bob@acme.test", ToPersonId = "P1", Text = "t" }, ct));
        await Call(nameof(IWebexMessaging.CreateFileMessageAsync), () => messaging.CreateFileMessageAsync("R1", "M0", "the plan", "plan.csv", "text/csv", new MemoryStream("a,b\n"u8.ToArray()), ct));
        await Call(nameof(IWebexMessaging.UpdateMessageAsync), () => messaging.UpdateMessageAsync("M1", new UpdateMessageRequest("R1", "t", "m"), ct));
        await Call(nameof(IWebexMessaging.DeleteMessageAsync), () => messaging.DeleteMessageAsync("M1", ct));
        await Call(nameof(IWebexMessaging.GetAttachmentActionAsync), () => messaging.GetAttachmentActionAsync("A1", ct));
        await Call(nameof(IWebexMessaging.DownloadContentAsync), async () => await (await messaging.DownloadContentAsync($"{Base}/contents/C1", ct)).DisposeAsync());
        await Call(nameof(IWebexMessaging.GetRoomAsync), () => messaging.GetRoomAsync("R1", ct));
        await Call(nameof(IWebexMessaging.ListMembershipsAsync), () => messaging.ListMembershipsAsync("R1", ct));
        await Call(nameof(IWebexMessaging.ListWebhooksAsync), () => messaging.ListWebhooksAsync(ct));
        await Call(nameof(IWebexMessaging.CreateWebhookAsync), () => messaging.CreateWebhookAsync(new CreateWebhookRequest("bot", "https://bot.example/api/webex/events", "messages", "created", "roomType=direct", "s"), ct));
        await Call(nameof(IWebexMessaging.UpdateWebhookAsync), () => messaging.UpdateWebhookAsync("W1", new UpdateWebhookRequest("bot", "https://bot.example/api/webex/events", "s", "active"), ct));
        await Call(nameof(IWebexMessaging.DeleteWebhookAsync), () => messaging.DeleteWebhookAsync("W1", ct));

        var options = Options.Create(new WebexOptions { ApiBaseUrl = Base, ClientId = "cid", ClientSecret = "secret", RefreshToken = "refresh" });
        var refresher = new OAuthRefreshTokenProvider(services.GetRequiredService<IHttpClientFactory>(), new ConfiguredWebexApiBase(options), options,
            new FakeTimeProvider(DateTimeOffset.UnixEpoch), NullLogger<OAuthRefreshTokenProvider>.Instance);
        Assert.Equal("x", await refresher.GetAccessTokenAsync(ct));

        Assert.Empty(server.Problems);
        var clientMethods = typeof(IWebexAdmin).GetMethods().Concat(typeof(IWebexMessaging).GetMethods()).Select(m => m.Name).ToHashSet();
        Assert.Equal(clientMethods.Order(), invoked.Order());
        Assert.Equal(WebexContract.Operations.Where(o => o.UsedByClient).Select(o => o.Id).Order(), server.Called.Order());
    }

    /// <summary>What each operation's answer is read into by the client.</summary>
    public static TheoryData<string, int, Type, string[]> ReadModels => new()
    {
        { "getMe", 200, typeof(WebexPerson), [] },
        { "getPerson", 200, typeof(WebexPerson), [] },
        { "listPeople", 200, typeof(ListResponse<WebexPerson>), [] },
        { "listLicenses", 200, typeof(ListResponse<WebexLicense>), ["users"] }, // users come only with getLicense
        { "getLicense", 200, typeof(WebexLicense), [] },
        { "patchUserLicenses", 200, typeof(UserLicensesResponse), [] },
        { "patchUserLicenses", 206, typeof(UserLicensesResponse), [] },
        { "patchUserLicenses", 400, typeof(WebexErrorBody), [] },
        { "getRoom", 200, typeof(WebexRoom), [] },
        { "listMemberships", 200, typeof(ListResponse<WebexMembership>), [] },
        { "createMessage", 200, typeof(WebexMessage), [] },
        { "getMessage", 200, typeof(WebexMessage), [] },
        { "updateMessage", 200, typeof(WebexMessage), [] },
        { "getAttachmentAction", 200, typeof(WebexAttachmentAction), [] },
        { "listWebhooks", 200, typeof(ListResponse<WebexWebhook>), [] },
        { "createWebhook", 200, typeof(WebexWebhook), [] },
        { "updateWebhook", 200, typeof(WebexWebhook), [] },
        { "refreshAccessToken", 200, typeof(OAuthRefreshTokenProvider).GetNestedType("TokenResponse", BindingFlags.NonPublic)!, [] },
    };

    [Theory]
    [MemberData(nameof(ReadModels))]
    public void Every_field_the_client_reads_is_in_the_contract_with_a_compatible_type(string operation, int status, Type model, string[] notInThisAnswer)
    {
        var schema = WebexContract.Get(operation).Responses[status];
        var problems = new List<string>();
        Compare(model, WebexContract.Resolve(schema), model.Name, problems, notInThisAnswer);
        foreach (var full in new[] { false, true })
        {
            // The least and the most the contract allows both read without error.
            Assert.NotNull(JsonSerializer.Deserialize(WebexContract.Instance(schema, full).ToJsonString(), model, WebexJson.Options));
        }
        Assert.True(problems.Count == 0, $"{operation} {status}: " + string.Join("\n", problems));
    }

    private static void Compare(Type type, JsonNode schema, string where, List<string> problems, string[]? skip = null)
    {
        var info = WebexJson.Options.GetTypeInfo(type);
        var properties = schema["properties"] as JsonObject;
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: true) == true) continue;
            if (skip?.Contains(property.Name) == true) continue;
            var path = $"{where}.{property.Name}";
            if (properties?[property.Name] is not JsonObject field)
            {
                problems.Add($"{path} is not in the contract");
                continue;
            }
            if (property.CustomConverter is not null) continue; // read leniently on purpose (e.g. "true" or true)
            CompareValue(property.PropertyType, field, path, problems, skip);
        }
    }

    private static void CompareValue(Type type, JsonObject schema, string where, List<string> problems, string[]? skip = null)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var expected = schema["type"]?.GetValue<string>();
        if (type == typeof(JsonElement)) return;
        string actual;
        if (type == typeof(string)) actual = "string";
        else if (type == typeof(bool)) actual = "boolean";
        else if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal)) actual = "number";
        else if (type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable)
        {
            if (expected != "array")
            {
                problems.Add($"{where}: a list here, {expected} in the contract");
                return;
            }
            CompareValue(enumerable.GetGenericArguments()[0], schema["items"]!.AsObject(), where + "[]", problems, skip);
            return;
        }
        else
        {
            if (expected != "object") problems.Add($"{where}: an object here, {expected} in the contract");
            else Compare(type, schema, where, problems, skip);
            return;
        }

        var compatible = actual == expected || (actual == "number" && expected == "integer");
        if (!compatible) problems.Add($"{where}: {actual} here, {expected} in the contract");
    }
}
