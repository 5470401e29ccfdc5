namespace LicenseBot.Core.Webex.Models;

/// <summary>Every Webex list: <c>{ "items": [...] }</c>; the next page is in the <c>Link</c> header.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items);

/// <summary>Webex's error body: <c>{message, errors:[{errorCode, description}], trackingId}</c>.</summary>
public sealed record WebexErrorBody
{
    public string? Message { get; init; }
    public IReadOnlyList<WebexErrorDetail>? Errors { get; init; }
    public string? TrackingId { get; init; }
}

public sealed record WebexErrorDetail(int? ErrorCode, string? Description);
