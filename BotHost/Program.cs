using LicenseBot.Host;
using Microsoft.Extensions.Options;

// No Webex:BotToken → sandbox mode: a simulated Webex org in this process, the dev console at http://localhost:5080/.
try
{
    await BotHostApp.Build(args).RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException { Source: "BotHost" })
{
    // A setting is missing or wrong: say which, in one message, without a stack trace.
    Console.Error.WriteLine($"LicenseBot cannot run: {ex.Message}");
    return 1;
}
