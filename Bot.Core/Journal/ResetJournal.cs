using System.Data.Common;
using System.Text.Json;
using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Journal;

/// <summary>
/// The reset journal in the bot's database. Every state change of an operation is written together with its step
/// record in one transaction, so the journal never says more (or less) than what was recorded about a step.
/// A runner claims an operation with a lease before working on it, so two runners (the turn and the background
/// runner, or two hosts) never send the same step at once.
/// <para>
/// One journal holds operations of one <see cref="Kind"/>: <see cref="ResetKind"/> (R8: remove every licence, add
/// them again by e-mail) and <see cref="RepairKind"/> (R9: remove the calling licence, assign it again with the same
/// number, extension and location; Features/Repair). Both are "step 1 removes, step 2 adds, never forget step 2", so
/// they share the table, the states and the lease; each runner sees only its own kind.
/// </para>
/// </summary>
public sealed class ResetJournal(IBotDatabase database, TimeProvider time, string kind = ResetJournal.ResetKind)
{
    public const string ResetKind = "reset";
    public const string RepairKind = "repair";

    public string Kind => kind;

    private static readonly string[] Unfinished = [nameof(ResetState.Confirmed), nameof(ResetState.Removing), nameof(ResetState.Removed), nameof(ResetState.Adding)];

    /// <summary>
    /// <see cref="Unfinished"/> as an SQL list, written into the statements: Dapper expands <c>IN @list</c> for SQLite but
    /// hands PostgreSQL an array (<c>IN $1</c>, a syntax error), and these are fixed names, not input.
    /// </summary>
    private static readonly string UnfinishedList = "(" + string.Join(", ", Unfinished.Select(s => $"'{s}'")) + ")";

    /// <summary>Journals a confirmed reset, held by <paramref name="lease"/> (when given) so no other runner starts it first.</summary>
    public async Task CreateAsync(ResetOperation op, ResetLease? lease, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO reset_operations (id, kind, person_id, email, plan, confirmed_by, room_id, thread_id, state, attempts, next_attempt_at,
                                          lease_owner, lease_until, new_person_id, last_error_text, failure_reported, created_at, updated_at)
            VALUES (@Id, @Kind, @PersonId, @Email, @Plan, @ConfirmedBy, @RoomId, @ThreadId, @State, @Attempts, @NextAttemptAt,
                    @LeaseOwner, @LeaseUntil, @NewPersonId, @LastError, 0, @CreatedAt, @UpdatedAt);
            """,
            new
            {
                op.Id,
                Kind = kind,
                op.PersonId,
                Email = op.Email.ToLowerInvariant(),
                Plan = JsonSerializer.Serialize(op.Plan, StorageJson.Options),
                op.ConfirmedBy,
                op.RoomId,
                op.ThreadId,
                State = op.State.ToString(),
                op.Attempts,
                NextAttemptAt = op.NextAttemptAt.ToUnixTimeMilliseconds(),
                LeaseOwner = lease?.Owner,
                LeaseUntil = lease is null ? (long?)null : (time.GetUtcNow() + lease.Duration).ToUnixTimeMilliseconds(),
                op.NewPersonId,
                LastError = op.LastError?.ToJson(),
                CreatedAt = op.CreatedAt.ToUnixTimeMilliseconds(),
                UpdatedAt = op.UpdatedAt.ToUnixTimeMilliseconds(),
            }, cancellationToken: ct));
    }

    public async Task<ResetOperation?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectRow + " WHERE id = @id AND kind = @kind;", new { id, kind }, cancellationToken: ct));
        return row?.ToOperation();
    }

    /// <summary>Unfinished operations whose next attempt is due and that no live runner holds, oldest first.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(int max, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition($"""
            SELECT id FROM reset_operations
            WHERE kind = @kind AND state IN {UnfinishedList} AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY created_at, id
            LIMIT @max;
            """, new { kind, now, max }, cancellationToken: ct));
        return ids.ToList();
    }

    /// <summary>The room's unfinished operations (for <c>jobs</c>), oldest first.</summary>
    public async Task<IReadOnlyList<ResetOperation>> UnfinishedAsync(string roomId, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(SelectRow + $" WHERE kind = @kind AND room_id = @roomId AND state IN {UnfinishedList} ORDER BY created_at, id LIMIT @max;",
            new { kind, roomId, max }, cancellationToken: ct));
        return rows.Select(r => r.ToOperation()).ToList();
    }

    /// <summary>Takes the operation for <paramref name="lease"/>'s owner; false when it is finished or another runner holds it.</summary>
    public async Task<bool> TryClaimAsync(string id, ResetLease lease, CancellationToken ct)
    {
        var (owner, duration) = (lease.Owner, lease.Duration);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        var claimed = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE reset_operations SET lease_owner = @owner, lease_until = @until
            WHERE id = @id AND kind = @kind AND state IN {UnfinishedList} AND (lease_until IS NULL OR lease_until <= @now OR lease_owner = @owner);
            """, new { id, kind, owner, until = (now + duration).ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return claimed == 1;
    }

    public async Task ReleaseAsync(string id, ResetLease lease, CancellationToken ct)
    {
        var owner = lease.Owner;
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reset_operations SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner;",
            new { id, owner }, cancellationToken: ct));
    }

    /// <summary>
    /// Journals a step about to be sent: the operation moves to <see cref="ResetState.Removing"/> or
    /// <see cref="ResetState.Adding"/>. Every write is fenced by the lease: it succeeds only while
    /// <paramref name="lease"/>'s owner holds the operation, and renews the lease.
    /// </summary>
    public Task BeginStepAsync(string id, ResetLease lease, ResetStep step, LocalText? detail, CancellationToken ct) =>
        WriteAsync(id, lease, step == ResetStep.Remove ? ResetState.Removing : ResetState.Adding, step, ResetStepRecord.BeforePhase, null, null, detail, null, ct);

    /// <summary>Journals a step's outcome and the state it leaves the operation in.</summary>
    public Task EndStepAsync(string id, ResetLease lease, ResetStep step, ResetState state, string outcome, string? trackingId, LocalText? detail, string? newPersonId, CancellationToken ct) =>
        WriteAsync(id, lease, state, step, ResetStepRecord.AfterPhase, outcome, trackingId, detail, newPersonId, ct);

    /// <summary>Counts a failed attempt and schedules the next one.</summary>
    public async Task ScheduleRetryAsync(string id, ResetLease lease, LocalText error, DateTimeOffset nextAttemptAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE reset_operations SET attempts = attempts + 1, last_error_text = @error, next_attempt_at = @next, updated_at = @now, lease_until = @until
            WHERE id = @id AND lease_owner = @owner;
            """, new { id, error = error.ToJson(), next = nextAttemptAt.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds(), owner = lease.Owner, until = (now + lease.Duration).ToUnixTimeMilliseconds() }, cancellationToken: ct));
        if (updated != 1) throw new ResetLeaseLostException(id);
    }

    public async Task MarkFailureReportedAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE reset_operations SET failure_reported = 1 WHERE id = @id;", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ResetStepRecord>> StepsAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<StepRow>(new CommandDefinition("""
            SELECT seq AS Seq, at AS At, step AS Step, phase AS Phase, outcome AS Outcome, tracking_id AS TrackingId, detail AS Detail, detail_text AS DetailText
            FROM reset_steps WHERE operation_id = @id ORDER BY seq;
            """, new { id }, cancellationToken: ct));
        return rows.Select(r => new ResetStepRecord((int)r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.At), Enum.Parse<ResetStep>(r.Step), r.Phase, r.Outcome, r.TrackingId, Typed(r.DetailText, r.Detail))).ToList();
    }

    private async Task WriteAsync(string id, ResetLease lease, ResetState state, ResetStep step, string phase, string? outcome, string? trackingId, LocalText? detail, string? newPersonId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE reset_operations SET state = @state, updated_at = @at, new_person_id = COALESCE(@newPersonId, new_person_id), lease_until = @until
            WHERE id = @id AND lease_owner = @owner;
            """, new { id, state = state.ToString(), at, newPersonId, owner = lease.Owner, until = (now + lease.Duration).ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        if (updated != 1)
        {
            await tx.RollbackAsync(ct);
            throw new ResetLeaseLostException(id);
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO reset_steps (operation_id, seq, at, step, phase, outcome, tracking_id, detail_text)
            VALUES (@id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM reset_steps WHERE operation_id = @id), @at, @step, @phase, @outcome, @trackingId, @detail);
            """, new { id, at, step = step.ToString(), phase, outcome, trackingId, detail = detail?.ToJson() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private const string SelectRow = """
        SELECT id AS Id, plan AS Plan, confirmed_by AS ConfirmedBy, room_id AS RoomId, thread_id AS ThreadId, state AS State,
               attempts AS Attempts, created_at AS CreatedAt, updated_at AS UpdatedAt, next_attempt_at AS NextAttemptAt,
               new_person_id AS NewPersonId, last_error AS LastError, last_error_text AS LastErrorText, failure_reported AS FailureReported
        FROM reset_operations
        """;

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Plan { get; set; } = "";
        public string ConfirmedBy { get; set; } = "";
        public string RoomId { get; set; } = "";
        public string? ThreadId { get; set; }
        public string State { get; set; } = "";
        public long Attempts { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long NextAttemptAt { get; set; }
        public string? NewPersonId { get; set; }
        public string? LastError { get; set; }
        public string? LastErrorText { get; set; }
        public long FailureReported { get; set; }

        public ResetOperation ToOperation() => new(
            Id,
            JsonSerializer.Deserialize<ResetPlan>(Plan, StorageJson.Options) ?? throw new InvalidDataException($"Reset {Id} has no plan."),
            ConfirmedBy, RoomId, ThreadId, Enum.Parse<ResetState>(State), (int)Attempts,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAt), NewPersonId, Typed(LastErrorText, LastError), FailureReported != 0);
    }

    private sealed class StepRow
    {
        public long Seq { get; set; }
        public long At { get; set; }
        public string Step { get; set; } = "";
        public string Phase { get; set; } = "";
        public string? Outcome { get; set; }
        public string? TrackingId { get; set; }
        public string? Detail { get; set; }
        public string? DetailText { get; set; }
    }

    /// <summary>A stored typed text (JSON); a row written before reset migration 3 has only its words, shown as they are.</summary>
    private static LocalText? Typed(string? json, string? words) =>
        json is not null ? LocalText.FromJson(json) : words is not null ? LocalText.Verbatim(words) : null;
}

/// <summary>A runner's hold on operations: who (<see cref="Owner"/>) and for how long after each journal write.</summary>
public sealed record ResetLease(string Owner, TimeSpan Duration);

/// <summary>Another runner took the operation over (this one's lease ran out): this run must stop, sending nothing more.</summary>
public sealed class ResetLeaseLostException(string operationId)
    : Exception($"Reset {operationId} is held by another runner now; this run stops.")
{
    public string OperationId { get; } = operationId;
}
