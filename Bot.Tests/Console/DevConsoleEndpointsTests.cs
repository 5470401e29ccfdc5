using System.Net;
using System.Text.Json;
using LicenseBot.Host.DevConsole;
using LicenseBot.Core.Text;
using LicenseBot.Host.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace LicenseBot.Tests.Console;

public sealed class DevConsoleEndpointsTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapDevConsole();
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("/", "text/html", "<title>LicenseBot sandbox</title>")]
    [InlineData("/cards", "text/html", "data-text=\"cards.title\"")]
    [InlineData("/console/console.js", "text/javascript", "/sandbox/webex/v1")]
    [InlineData("/console/webex-cards.js", "text/javascript", "WebexCards")]
    [InlineData("/console/console.css", "text/css", "--accent: #0352A6")]
    [InlineData("/console/adaptivecards.min.js", "text/javascript", "AdaptiveCards")]
    [InlineData("/console/console-texts.js", "text/javascript", "ConsoleText")]
    public async Task The_console_pages_and_the_official_renderer_are_served(string path, string contentType, string expected)
    {
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_console_sentences_come_from_the_console_section_of_en_json()
    {
        var script = await http.GetStringAsync("/console/api/texts.js");

        Assert.StartsWith("window.ConsoleTexts = Object.freeze({", script);
        var json = script["window.ConsoleTexts = Object.freeze(".Length..script.LastIndexOf(')')];
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        Assert.Equal(BotText.Get("console.composer.send"), texts["composer.send"]);
        Assert.Equal(BotText.Section("console").Count, texts.Count);
    }

    [Fact]
    public async Task An_unknown_console_file_is_not_found()
    {
        using var response = await http.GetAsync("/console/secrets.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_catalogue_endpoint_lists_every_card_sample_with_its_fallback()
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("/console/api/cards"));
        var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(CardCatalogue.All.Count, items.Count);
        Assert.All(items.Zip(CardCatalogue.All), pair =>
        {
            Assert.Equal(pair.Second.Flow, pair.First.GetProperty("flow").GetString());
            Assert.Equal(pair.Second.Name, pair.First.GetProperty("name").GetString());
            Assert.Equal(pair.Second.FallbackMarkdown, pair.First.GetProperty("fallbackText").GetString());
            Assert.Equal("AdaptiveCard", pair.First.GetProperty("card").GetProperty("type").GetString());
        });
    }
}
