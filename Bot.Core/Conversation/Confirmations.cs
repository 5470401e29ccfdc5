using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using LicenseBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// Confirmation tokens for cards that change something. A token is bound to the person who started the flow and to the
/// flow, is usable once, and expires after <see cref="BotOptions.ConfirmationTtl"/> (default 10 minutes).
/// <para>Typical use in a dialog:</para>
/// <code>
/// var token = await confirmations.CreateAsync(activity.From.Id, "edit", plan, ct);   // put token.Value in the card's data.token
/// …
/// var result = await confirmations.ConsumeAsync&lt;ChangePlan&gt;(submit.Token, activity.From.Id, "edit", ct);
/// switch (result.Outcome) { case ConfirmationOutcome.Ok: apply(result.Payload!); … }
/// </code>
/// Only <see cref="ConfirmationOutcome.Ok"/> uses the token up; a click by someone else leaves it usable by its owner.
/// </summary>
public interface IConfirmationService
{
    /// <summary>Creates a token for <paramref name="personId"/> in <paramref name="flow"/> carrying <paramref name="payload"/> (stored as JSON).</summary>
    Task<ConfirmationToken> CreateAsync<T>(string personId, string flow, T payload, CancellationToken ct);

    /// <summary>
    /// Uses the token up, atomically (two concurrent clicks: one gets <see cref="ConfirmationOutcome.Ok"/>, the other
    /// <see cref="ConfirmationOutcome.AlreadyUsed"/>). The payload is returned only with <see cref="ConfirmationOutcome.Ok"/>.
    /// </summary>
    Task<ConfirmationResult<T>> ConsumeAsync<T>(string? token, string personId, string flow, CancellationToken ct);

    /// <summary>What consuming would answer now, without using the token up (e.g. to show a still-valid card again).</summary>
    Task<ConfirmationOutcome> CheckAsync(string? token, string personId, string flow, CancellationToken ct);
}

/// <summary>A created token: <see cref="Value"/> goes into the card's <c>data.token</c>.</summary>
public sealed record ConfirmationToken(string Value, DateTimeOffset ExpiresAt);

public enum ConfirmationOutcome
{
    /// <summary>Valid, and now used up: go ahead.</summary>
    Ok,
    /// <summary>Someone other than the person who started the flow clicked; the token stays usable.</summary>
    WrongPerson,
    AlreadyUsed,
    Expired,
    /// <summary>No such token for this flow (never issued, another flow's, or a database that was reset).</summary>
    Unknown,
}

public sealed record ConfirmationResult<T>(ConfirmationOutcome Outcome, T? Payload)
{
    public bool IsOk => Outcome == ConfirmationOutcome.Ok;
}

public sealed class ConfirmationService(IBotDatabase database, TimeProvider time, IOptions<BotOptions> options) : IConfirmationService
{
    public async Task<ConfirmationToken> CreateAsync<T>(string personId, string flow, T payload, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expires = now + options.Value.ConfirmationTtl;
        var token = Base64Url(RandomNumberGenerator.GetBytes(18));
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO confirmations (token, person_id, flow, payload, created_at, expires_at, used_at)
            VALUES (@token, @personId, @flow, @payload, @created, @expires, NULL);
            """,
            new { token, personId, flow, payload = JsonSerializer.Serialize(payload, StorageJson.Options), created = now.ToUnixTimeMilliseconds(), expires = expires.ToUnixTimeMilliseconds() },
            cancellationToken: ct));
        return new ConfirmationToken(token, expires);
    }

    public async Task<ConfirmationResult<T>> ConsumeAsync<T>(string? token, string personId, string flow, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token)) return new(ConfirmationOutcome.Unknown, default);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        // One statement decides: only the owner, only once, only in time.
        var payload = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("""
            UPDATE confirmations SET used_at = @now
            WHERE token = @token AND flow = @flow AND person_id = @personId AND used_at IS NULL AND expires_at > @now
            RETURNING payload;
            """, new { token, flow, personId, now }, cancellationToken: ct));
        if (payload is not null) return new(ConfirmationOutcome.Ok, JsonSerializer.Deserialize<T>(payload, StorageJson.Options));
        return new(await ClassifyAsync(connection, token, personId, flow, now, ct), default);
    }

    public async Task<ConfirmationOutcome> CheckAsync(string? token, string personId, string flow, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token)) return ConfirmationOutcome.Unknown;
        await using var connection = await database.OpenAsync(ct);
        var outcome = await ClassifyAsync(connection, token, personId, flow, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        return outcome;
    }

    private static async Task<ConfirmationOutcome> ClassifyAsync(System.Data.Common.DbConnection connection, string token, string personId, string flow, long now, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            "SELECT person_id AS PersonId, flow AS Flow, expires_at AS ExpiresAt, used_at AS UsedAt FROM confirmations WHERE token = @token;",
            new { token }, cancellationToken: ct));
        if (row is null || row.Flow != flow) return ConfirmationOutcome.Unknown;
        if (row.UsedAt is not null) return ConfirmationOutcome.AlreadyUsed;
        if (row.ExpiresAt <= now) return ConfirmationOutcome.Expired;
        if (row.PersonId != personId) return ConfirmationOutcome.WrongPerson;
        return ConfirmationOutcome.Ok;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class TokenRow
    {
        public string PersonId { get; set; } = "";
        public string Flow { get; set; } = "";
        public long ExpiresAt { get; set; }
        public long? UsedAt { get; set; }
    }
}
