using System.Text.Json;
using LicenseBot.Host.DevConsole;
using LicenseBot.Core.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace LicenseBot.Host.Endpoints;

/// <summary>
/// The dev console (sandbox mode only): a Webex-like chat client of the simulator at <c>/</c>, the card catalogue
/// at <c>/cards</c>, their scripts and Microsoft's Adaptive Cards renderer under <c>/console/</c>, the catalogue
/// JSON at <c>/console/api/cards</c>, and the console's sentences (en.json, section <c>console</c>) at
/// <c>/console/api/texts.js</c>. The files are embedded in the assembly at build (see BotHost.csproj).
/// </summary>
public static class DevConsoleEndpoints
{
    private static readonly EmbeddedFileProvider Files = new(typeof(DevConsoleEndpoints).Assembly, "DevConsole");
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapDevConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Page("index.html")).ExcludeFromDescription();
        app.MapGet("/cards", () => Page("cards.html")).ExcludeFromDescription();
        app.MapGet("/console/{file}", (string file) => Page(file)).ExcludeFromDescription();
        app.MapGet("/console/api/texts.js", () => Results.Text(
            $"window.ConsoleTexts = Object.freeze({JsonSerializer.Serialize(BotText.Section("console"))});\n", "text/javascript")).ExcludeFromDescription();
        app.MapGet("/console/api/cards", () => Results.Json(new
        {
            items = CardCatalogue.All.Select(s => new { flow = s.Flow, name = s.Name, fallbackText = s.FallbackMarkdown, card = s.Card }),
        })).ExcludeFromDescription();
        return app;
    }

    private static IResult Page(string name)
    {
        var file = Files.GetFileInfo(name);
        if (!file.Exists || !ContentTypes.TryGetContentType(name, out var contentType))
        {
            return Results.NotFound();
        }
        return Results.Stream(file.CreateReadStream(), contentType, lastModified: file.LastModified);
    }
}
