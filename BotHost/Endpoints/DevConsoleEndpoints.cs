using System.Text.Json;
using LicenseBot.Core.Cards.Catalogue;
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

    /// <summary>Microsoft's Adaptive Cards renderer; embedded only when BotHost was built with npm (see BotHost.csproj).</summary>
    public const string RendererFile = "adaptivecards.min.js";

    public const string RendererMissing =
        "The dev console's card renderer (npm adaptivecards) is not in this build: BotHost was built without npm, so the console cannot draw cards. " +
        "Install Node.js and npm (Debian: apt-get install -y nodejs npm) and build BotHost again (README: \"Dev console renderer\").";

    public static bool RendererIncluded => Files.GetFileInfo(RendererFile).Exists;

    public static IEndpointRouteBuilder MapDevConsole(this IEndpointRouteBuilder app)
    {
        if (!RendererIncluded)
        {
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevConsoleEndpoints).FullName!).LogWarning("{RendererMissing}", RendererMissing);
        }

        app.MapGet("/", () => Page("index.html")).ExcludeFromDescription();
        app.MapGet($"/console/{RendererFile}", () => RendererIncluded ? Page(RendererFile) : Results.Text(MissingRendererScript, "text/javascript")).ExcludeFromDescription();
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

    /// <summary>Served instead of the renderer when it is missing: a banner on top of the page that says why and how to fix it.</summary>
    private static readonly string MissingRendererScript =
        $$"""
        (function () {
          "use strict";
          const text = {{JsonSerializer.Serialize(RendererMissing)}};
          console.error(text);
          const show = () => {
            const banner = document.createElement("div");
            banner.setAttribute("role", "alert");
            banner.style.cssText = "background:#FFE8EA;color:#AB0A15;padding:12px;font:14px Helvetica,Arial,sans-serif;border-bottom:1px solid #AB0A15";
            banner.textContent = text;
            document.body.prepend(banner);
          };
          if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
        })();
        """;

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
