using LicenseBot.Host;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Tests.Harness;

/// <summary>Every settings section is checked once at start: a wrong value stops the host with the setting's name.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("--Jobs:MaxConcurrency=0", "MaxConcurrency")]
    [InlineData("--Bot:MaxCsvBytes=0", "MaxCsvBytes")]
    [InlineData("--Bot:ConfirmationTtl=00:00:00", "ConfirmationTtl")]
    [InlineData("--Bot:AdminCacheTtl=1.00:00:00", "AdminCacheTtl")]
    [InlineData("--Webex:MaxRetries=99", "MaxRetries")]
    [InlineData("--Reset:MaxAttempts=0", "MaxAttempts")]
    [InlineData("--Storage:Provider=Postgres", "Storage:ConnectionString")]
    [InlineData("--Inbox:MaxParallelSpaces=0", "MaxParallelSpaces")]
    [InlineData("--Repair:Window=8.00:00:00", "Window")]
    public async Task A_wrong_setting_stops_the_start_and_names_it(string setting, string named)
    {
        var app = BotHostApp.Build(["--urls=http://127.0.0.1:0", "--environment=Development", "--Webex:BotToken=real-bot-token",
            "--Webex:AdminToken=real-admin-token", "--Webex:PublicUrl=https://licensebot.example.com", $"--Storage:SqlitePath={Path.GetTempFileName()}", setting],
            b => b.Logging.ClearProviders());
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal));
        Assert.DoesNotContain("real-admin-token", error.Message);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_sandbox_setting_stops_a_sandbox_mode_start_and_names_it()
    {
        var data = Directory.CreateTempSubdirectory("licensebot-settings-").FullName;
        var app = BotHostApp.Build(["--urls=http://127.0.0.1:0", "--environment=Development", $"--Sandbox:DataDir={data}", "--Sandbox:FaultRate=2"],
            b => b.Logging.ClearProviders());
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(error.Failures, f => f.Contains("FaultRate", StringComparison.Ordinal));
        await app.DisposeAsync();
    }
}
