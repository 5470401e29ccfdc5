namespace LicenseBot.Sandbox;

/// <summary>What the bot needs to know about the simulated org when it runs in sandbox mode.</summary>
public interface ISandboxAccess
{
    string OrgId { get; }
    string OrgName { get; }
    string BotToken { get; }
    string BotPersonId { get; }
    string BotEmail { get; }

    /// <summary>The simulator-issued service-app token with full-admin rights (or <c>Webex:AdminToken</c> when set).</summary>
    string AdminToken { get; }

    /// <summary>
    /// The sandbox data folder (<c>Sandbox:DataDir</c>, absolute). In sandbox mode the bot keeps its own database
    /// here: every <c>*.db</c> file in this folder is deleted when the simulator starts fresh (new seed or reset).
    /// </summary>
    string DataDirectory { get; }

    /// <summary>How many calls the simulated API has received for <paramref name="method"/> on <paramref name="resource"/> (the first path segment: <c>people</c>, <c>licenses</c>, <c>messages</c>…), 429s included.</summary>
    long ApiCalls(string method, string resource);
}

internal sealed class SandboxAccess(SandboxState state, Endpoints.SandboxCallCounter calls) : ISandboxAccess
{
    public string OrgId => state.OrgId;
    public string OrgName => state.OrgName;
    public string BotToken => state.BotToken;
    public string BotPersonId => state.BotId;
    public string BotEmail => state.BotEmail;
    public string AdminToken => state.AdminToken;
    public string DataDirectory => state.DataDirectory;
    public long ApiCalls(string method, string resource) => calls.Get(method, resource);
}
