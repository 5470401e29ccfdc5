namespace LicenseBot.Sandbox;

/// <summary>A simulated Webex refusal; turned into Webex's error body <c>{message, errors:[{errorCode, description}], trackingId}</c>.</summary>
public sealed class SandboxApiException : Exception
{
    public SandboxApiException(int status, string message, int? errorCode = null, string? description = null)
        : base(message)
    {
        Status = status;
        ErrorCode = errorCode ?? status;
        Description = description ?? message;
    }

    public int Status { get; }
    public int ErrorCode { get; }
    public string Description { get; }

    public static SandboxApiException BadRequest(string message, int? code = null, string? description = null) => new(400, message, code, description);
    public static SandboxApiException NotFound(string what) => new(404, $"The requested resource could not be found: {what}.");
    public static SandboxApiException Forbidden(string why) => new(403, why);
}
