using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex;

/// <summary>
/// The messaging side of Webex, called with the bot token. Implemented over HTTP by <c>WebexMessagingClient</c>.
/// Failures throw <see cref="WebexApiException"/>.
/// </summary>
public interface IWebexMessaging
{
    /// <summary><c>GET /people/me</c>: the bot's own identity.</summary>
    Task<WebexPerson> GetMeAsync(CancellationToken ct);

    Task<WebexMessage> GetMessageAsync(string messageId, CancellationToken ct);

    Task<WebexMessage> CreateMessageAsync(CreateMessageRequest message, CancellationToken ct);

    /// <summary><c>POST /messages</c> as multipart/form-data with one file in <c>files</c>.</summary>
    Task<WebexMessage> CreateFileMessageAsync(string roomId, string? parentId, string? markdown, string fileName, string contentType, Stream content, CancellationToken ct);

    /// <summary><c>PUT /messages/{id}</c>: text only; Webex refuses cards and files, and more than 10 edits.</summary>
    Task<WebexMessage> UpdateMessageAsync(string messageId, UpdateMessageRequest update, CancellationToken ct);

    Task DeleteMessageAsync(string messageId, CancellationToken ct);

    Task<WebexAttachmentAction> GetAttachmentActionAsync(string actionId, CancellationToken ct);

    /// <summary><c>GET {contentUrl}</c> with the bot token; streams the body.</summary>
    Task<WebexContent> DownloadContentAsync(string contentUrl, CancellationToken ct);

    Task<WebexRoom> GetRoomAsync(string roomId, CancellationToken ct);

    Task<IReadOnlyList<WebexMembership>> ListMembershipsAsync(string roomId, CancellationToken ct);

    Task<IReadOnlyList<WebexWebhook>> ListWebhooksAsync(CancellationToken ct);

    Task<WebexWebhook> CreateWebhookAsync(CreateWebhookRequest webhook, CancellationToken ct);

    Task<WebexWebhook> UpdateWebhookAsync(string webhookId, UpdateWebhookRequest webhook, CancellationToken ct);

    Task DeleteWebhookAsync(string webhookId, CancellationToken ct);
}
