using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Webex;

/// <summary>
/// Where the Webex API is: <c>https://webexapis.com/v1</c>, or the sandbox's <c>{host}/sandbox/webex/v1</c>, which is
/// known only once the server listens — so it is asked for on every call, never captured at start-up.
/// </summary>
public interface IWebexApiBase
{
    /// <summary>Without a trailing slash.</summary>
    string Url { get; }
}

public sealed class ConfiguredWebexApiBase(IOptions<WebexOptions> options) : IWebexApiBase
{
    public string Url => options.Value.ApiBaseUrl.TrimEnd('/');
}

public sealed class DelegateWebexApiBase(Func<string> url) : IWebexApiBase
{
    public string Url => url().TrimEnd('/');
}
