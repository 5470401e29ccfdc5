using System.Data.Common;
using System.Text.Json;
using Dapper;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Jobs;

/// <summary>
/// Jobs and their row journal in the bot's database (SQLite or PostgreSQL). Every state change is one conditional
/// UPDATE, so a stale caller (a second click, a second instance) changes nothing.
/// </summary>
public sealed class JobStore(IBotDatabase database, TimeProvider time)
{
    private const string JobColumns = """
        id AS Id, kind AS Kind, state AS State, title AS Title, labels AS Labels, room_id AS RoomId, thread_id AS ThreadId,
        requested_by AS RequestedBy, confirmed_by AS ConfirmedBy, created_at AS CreatedAt, started_at AS StartedAt,
        finished_at AS FinishedAt, cancel_requested AS CancelRequested, progress_message_id AS ProgressMessageId,
        progress_edits AS ProgressEdits, org_id AS OrgId
        """;

    private const string RowColumns = """
        job_id AS JobId, seq AS Seq, source_row AS SourceRow, email AS Email, person_id AS PersonId, before_ids AS BeforeIds,
        adds AS Adds, remove_ids AS RemoveIds, before_text AS BeforeText, after_text AS AfterText, state AS State,
        attempts AS Attempts, error AS Error, reason AS Reason, tracking_id AS TrackingId, after_ids AS AfterIds, audit_outcome AS AuditOutcome, updated_at AS UpdatedAt
        """;

    /// <summary>Stores a planned job and all its rows in one transaction: the plan exists before anything can change.</summary>
    public async Task CreateAsync(BulkJob job, IReadOnlyList<JobRow> rows, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO bulk_jobs (id, kind, state, title, labels, room_id, thread_id, requested_by, confirmed_by, created_at, cancel_requested, progress_edits, org_id)
            VALUES (@Id, @Kind, @State, @Title, @Labels, @RoomId, @ThreadId, @RequestedBy, NULL, @CreatedAt, 0, 0, @OrgId);
            """,
            new { job.Id, job.OrgId, Kind = job.Kind.ToString(), State = job.State.ToString(), job.Title, Labels = Json(job.Labels), job.RoomId, job.ThreadId, job.RequestedBy, CreatedAt = job.CreatedAt.ToUnixTimeMilliseconds() },
            tx, cancellationToken: ct));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // A plan of 20,000 rows is stored while the admin waits for its card: one command, its parameters made once and
        // only their values set per row (Dapper with a list rebuilds them every row). SQLite runs it a row at a time (no
        // round trips, and it looks parameters up by name, so a long statement costs more); PostgreSQL gets
        // RowsPerInsert rows a statement, a round trip per chunk instead of per row.
        DbCommand? full = null;
        var json = new RowJson();
        try
        {
            var perInsert = database.Provider == StorageProvider.Sqlite ? 1 : RowsPerInsert;
            foreach (var chunk in rows.Chunk(perInsert))
            {
                var command = chunk.Length == perInsert ? full ??= RowInsert(connection, tx, job.Id, now, perInsert) : RowInsert(connection, tx, job.Id, now, chunk.Length);
                try
                {
                    for (var i = 0; i < chunk.Length; i++) BindRow(command, i, chunk[i], json);
                    await command.ExecuteNonQueryAsync(ct);
                }
                finally
                {
                    if (command != full) await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Rows one INSERT stores: 11 parameters a row, well under SQLite's and PostgreSQL's limits.</summary>
    private const int RowsPerInsert = 200;

    private const int ParametersPerRow = 11;

    /// <summary>An INSERT of <paramref name="count"/> rows of one job, with the parameters in place (values bound per chunk).</summary>
    private static DbCommand RowInsert(DbConnection connection, DbTransaction tx, string jobId, long now, int count)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        var sql = new System.Text.StringBuilder("""
            INSERT INTO bulk_job_rows (job_id, seq, source_row, email, person_id, before_ids, adds, remove_ids, before_text, after_text, state, attempts, reason, updated_at)
            VALUES
            """);
        Add(command, "@j", System.Data.DbType.String, jobId);
        Add(command, "@n", System.Data.DbType.Int64, now);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sql.Append(',');
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"\n(@j, @s{i}, @r{i}, @e{i}, @p{i}, @b{i}, @a{i}, @x{i}, @bt{i}, @at{i}, @st{i}, 0, @er{i}, @n)");
            Add(command, $"@s{i}", System.Data.DbType.Int32, 0);
            Add(command, $"@r{i}", System.Data.DbType.Int32, 0);
            foreach (var name in (ReadOnlySpan<string>)["e", "p", "b", "a", "x", "bt", "at", "st", "er"])
                Add(command, $"@{name}{i}", System.Data.DbType.String, DBNull.Value);
        }
        command.CommandText = sql.Append(';').ToString();
        return command;

        static void Add(DbCommand command, string name, System.Data.DbType type, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>The <paramref name="i"/>-th row of a <see cref="RowInsert"/> (its parameters follow the two shared ones).</summary>
    private static void BindRow(DbCommand command, int i, JobRow row, RowJson json)
    {
        var p = command.Parameters;
        var at = 2 + i * ParametersPerRow;
        p[at].Value = row.Seq;
        p[at + 1].Value = row.SourceRow;
        p[at + 2].Value = row.Email;
        p[at + 3].Value = row.PersonId;
        p[at + 4].Value = json.Before.Of(row.BeforeIds);
        p[at + 5].Value = json.Adds.Of(row.Adds);
        p[at + 6].Value = json.Removes.Of(row.RemoveIds);
        p[at + 7].Value = row.BeforeText;
        p[at + 8].Value = row.AfterText;
        p[at + 9].Value = row.State.ToString();
        p[at + 10].Value = (object?)row.Error?.ToJson() ?? DBNull.Value;
    }

    /// <summary>Neighbouring rows of a plan mostly carry the same lists: each column's JSON is made again only when its list changes.</summary>
    private sealed class RowJson
    {
        public LastJson<string> Before { get; } = new();
        public LastJson<LicenceAdd> Adds { get; } = new();
        public LastJson<string> Removes { get; } = new();
    }

    private sealed class LastJson<T>
    {
        private IReadOnlyList<T>? _list;
        private string _json = "";

        public string Of(IReadOnlyList<T> list)
        {
            if (_list is null || !_list.SequenceEqual(list))
            {
                _list = list;
                _json = Json(list);
            }
            return _json;
        }
    }

    public async Task<BulkJob?> GetAsync(string jobId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition(
            $"SELECT {JobColumns} FROM bulk_jobs WHERE id = @jobId;", new { jobId }, cancellationToken: ct));
        return row?.ToJob();
    }

    /// <summary>The room's jobs, newest first: what <c>jobs</c> lists.</summary>
    public async Task<IReadOnlyList<BulkJob>> ListAsync(string roomId, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<JobRecord>(new CommandDefinition(
            $"SELECT {JobColumns} FROM bulk_jobs WHERE room_id = @roomId AND state <> 'Discarded' ORDER BY created_at DESC LIMIT @max;",
            new { roomId, max }, cancellationToken: ct));
        return rows.Select(r => r.ToJob()).ToList();
    }

    /// <summary>Planned → Queued, once; rows with problems were stored as skipped and stay so.</summary>
    public async Task<bool> ConfirmAsync(string jobId, string confirmedBy, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_jobs SET state = 'Queued', confirmed_by = @confirmedBy WHERE id = @jobId AND state = 'Planned';",
            new { jobId, confirmedBy }, cancellationToken: ct)) == 1;
    }

    /// <summary>A plan that will not run (cancelled on its card): Planned → Discarded.</summary>
    public async Task<bool> DiscardAsync(string jobId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_jobs SET state = 'Discarded', finished_at = @now WHERE id = @jobId AND state = 'Planned';",
            new { jobId, now = Now() }, cancellationToken: ct)) == 1;
    }

    /// <summary>Asks a queued or running job to stop taking new rows. False when it already ended.</summary>
    public async Task<bool> RequestCancelAsync(string jobId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_jobs SET cancel_requested = 1 WHERE id = @jobId AND state IN ('Queued', 'Running');",
            new { jobId }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> IsCancelRequestedAsync(string jobId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT cancel_requested FROM bulk_jobs WHERE id = @jobId;", new { jobId }, cancellationToken: ct)) == 1;
    }

    /// <summary>Jobs that need a runner: queued ones, and running ones whose lease ran out (their instance stopped).</summary>
    public async Task<IReadOnlyList<string>> FindRunnableAsync(string owner, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT id FROM bulk_jobs
            WHERE state = 'Queued' OR (state = 'Running' AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until < @now))
            ORDER BY created_at;
            """, new { owner, now = Now() }, cancellationToken: ct));
        return ids.ToList();
    }

    /// <summary>Claims (or renews) the running of a job (its progress message, its end) for <paramref name="owner"/> until <paramref name="until"/>; false when another instance holds it.</summary>
    public async Task<bool> TryClaimAsync(string jobId, string owner, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE bulk_jobs SET lease_owner = @owner, lease_until = @until,
                state = CASE WHEN state = 'Queued' THEN 'Running' ELSE state END,
                started_at = COALESCE(started_at, @now)
            WHERE id = @jobId AND state IN ('Queued', 'Running')
              AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until < @now);
            """, new { jobId, owner, until = until.ToUnixTimeMilliseconds(), now = Now() }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Lets go of a job this instance holds and of its rows (it is stopping), so the next instance need not wait for the
    /// leases to run out. Rows left <see cref="RowState.Applying"/> stay so: the next runner reads their users first.
    /// </summary>
    public async Task ReleaseAsync(string jobId, string owner, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_job_rows SET lease_owner = NULL, lease_until = NULL WHERE job_id = @jobId AND lease_owner = @owner;",
            new { jobId, owner }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_jobs SET lease_owner = NULL, lease_until = NULL WHERE id = @jobId AND lease_owner = @owner;",
            new { jobId, owner }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Claims for <paramref name="owner"/> until <paramref name="until"/> up to <paramref name="max"/> rows in
    /// <paramref name="state"/> that no other instance holds a live lease on, in plan order. On PostgreSQL the rows are
    /// locked <c>FOR UPDATE SKIP LOCKED</c>, so instances claiming at the same moment get disjoint rows without waiting;
    /// SQLite serializes writers, so its claim is atomic as it is. Rows the owner holds already are claimed again (a
    /// round that stopped early left them); a runner that still works on some passes <paramref name="afterSeq"/>, the last of them.
    /// </summary>
    public async Task<IReadOnlyList<JobRow>> ClaimRowsAsync(string jobId, RowState state, string owner, DateTimeOffset until, int max, CancellationToken ct, int afterSeq = 0)
    {
        var sql = database.Provider == StorageProvider.Postgres
            ? $"""
                UPDATE bulk_job_rows AS r SET lease_owner = @owner, lease_until = @until
                FROM (SELECT job_id AS claim_job, seq AS claim_seq FROM bulk_job_rows
                      WHERE job_id = @jobId AND seq > @afterSeq AND state = @state AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until < @now)
                      ORDER BY seq LIMIT @max FOR UPDATE SKIP LOCKED) AS c
                WHERE r.job_id = c.claim_job AND r.seq = c.claim_seq
                RETURNING {RowColumns};
                """
            : $"""
                UPDATE bulk_job_rows SET lease_owner = @owner, lease_until = @until
                WHERE job_id = @jobId AND seq IN (
                    SELECT seq FROM bulk_job_rows
                    WHERE job_id = @jobId AND seq > @afterSeq AND state = @state AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until < @now)
                    ORDER BY seq LIMIT @max)
                RETURNING {RowColumns};
                """;
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RowRecord>(new CommandDefinition(sql,
            new { jobId, afterSeq, state = state.ToString(), owner, until = until.ToUnixTimeMilliseconds(), now = Now(), max }, cancellationToken: ct));
        return rows.Select(r => r.ToRow()).OrderBy(r => r.Seq).ToList();
    }

    /// <summary>Extends the leases of the unfinished rows <paramref name="owner"/> holds in the job; how many it still holds.</summary>
    public async Task<int> RenewRowsAsync(string jobId, string owner, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE bulk_job_rows SET lease_until = @until
            WHERE job_id = @jobId AND lease_owner = @owner AND state IN ('Pending', 'Applying');
            """, new { jobId, owner, until = until.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    /// <summary>Running → Completed or Cancelled, and the lease is let go.</summary>
    public async Task FinishAsync(string jobId, JobState state, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_jobs SET state = @state, finished_at = @now, lease_owner = NULL, lease_until = NULL WHERE id = @jobId AND state IN ('Queued', 'Running');",
            new { jobId, state = state.ToString(), now = Now() }, cancellationToken: ct));
    }

    public async Task SetProgressMessageAsync(string jobId, string messageId, int edits, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_jobs SET progress_message_id = @messageId, progress_edits = @edits WHERE id = @jobId;",
            new { jobId, messageId, edits }, cancellationToken: ct));
    }

    /// <summary>The next rows in <paramref name="state"/>, in plan order.</summary>
    public async Task<IReadOnlyList<JobRow>> GetRowsAsync(string jobId, RowState state, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RowRecord>(new CommandDefinition(
            $"SELECT {RowColumns} FROM bulk_job_rows WHERE job_id = @jobId AND state = @state ORDER BY seq LIMIT @max;",
            new { jobId, state = state.ToString(), max }, cancellationToken: ct));
        return rows.Select(r => r.ToRow()).ToList();
    }

    /// <summary>Every row of the job in plan order, read page by page (for the results file).</summary>
    public async IAsyncEnumerable<JobRow> ReadAllRowsAsync(string jobId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var after = -1;
        while (true)
        {
            List<JobRow> page;
            await using (var connection = await database.OpenAsync(ct))
            {
                page = (await connection.QueryAsync<RowRecord>(new CommandDefinition(
                    $"SELECT {RowColumns} FROM bulk_job_rows WHERE job_id = @jobId AND seq > @after ORDER BY seq LIMIT 1000;",
                    new { jobId, after }, cancellationToken: ct))).Select(r => r.ToRow()).ToList();
            }
            foreach (var row in page) yield return row;
            if (page.Count < 1000) yield break;
            after = page[^1].Seq;
        }
    }

    /// <summary>
    /// Journals the row as being sent: <see cref="RowState.Applying"/>, one more attempt — only while
    /// <paramref name="owner"/> holds a live lease on it and it is not finished. False means the row is no longer
    /// this instance's to send (its lease ran out and another instance took it, or the job was cancelled).
    /// </summary>
    public Task<bool> MarkApplyingAsync(string jobId, int seq, string owner, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction, c) => await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE bulk_job_rows SET state = 'Applying', attempts = attempts + 1, updated_at = @now
            WHERE job_id = @jobId AND seq = @seq AND lease_owner = @owner AND lease_until >= @now AND state IN ('Pending', 'Applying');
            """, new { jobId, seq, owner, now = Now() }, transaction, cancellationToken: c)) == 1, ct);

    /// <summary>
    /// Journals a row's outcome, if <paramref name="owner"/> still holds it; false when another instance took it over.
    /// With <paramref name="auditOutcome"/> the row owes an audit entry until <see cref="MarkAuditedAsync"/>: a crash in
    /// between leaves it owed, and the next runner writes it (<see cref="GetAuditOwedAsync"/>).
    /// </summary>
    public Task<bool> CompleteRowAsync(string jobId, int seq, string owner, RowResult result, string? auditOutcome, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction, c) => await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE bulk_job_rows SET state = @state, error = NULL, reason = @reason, tracking_id = @tracking, after_ids = @after, updated_at = @now, lease_until = NULL,
                audit_outcome = @auditOutcome, audit_pending = @auditPending
            WHERE job_id = @jobId AND seq = @seq AND lease_owner = @owner AND state IN ('Pending', 'Applying');
            """,
            new
            {
                jobId, seq, owner, state = result.State.ToString(), reason = result.Error?.ToJson(), tracking = result.TrackingId,
                after = result.AfterIds is null ? null : Json(result.AfterIds), now = Now(), auditOutcome, auditPending = auditOutcome is null ? 0 : 1,
            },
            transaction, cancellationToken: c)) == 1, ct);

    /// <summary>The row's audit entry is written.</summary>
    public Task MarkAuditedAsync(string jobId, int seq, CancellationToken ct) =>
        database.WriteAsync((connection, transaction, c) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_job_rows SET audit_pending = 0 WHERE job_id = @jobId AND seq = @seq;", new { jobId, seq }, transaction, cancellationToken: c)), ct);

    /// <summary>Finished rows whose audit entry may not have been written (the instance stopped in between), in plan order.</summary>
    public async Task<IReadOnlyList<JobRow>> GetAuditOwedAsync(string jobId, int afterSeq, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RowRecord>(new CommandDefinition(
            $"SELECT {RowColumns} FROM bulk_job_rows WHERE job_id = @jobId AND audit_pending = 1 AND seq > @afterSeq ORDER BY seq LIMIT @max;",
            new { jobId, afterSeq, max }, cancellationToken: ct));
        return rows.Select(r => r.ToRow()).ToList();
    }

    /// <summary>An <see cref="RowState.Applying"/> row found after a restart that never reached Webex: back to pending (still claimed by <paramref name="owner"/>).</summary>
    public async Task ResetToPendingAsync(string jobId, int seq, string owner, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_job_rows SET state = 'Pending', updated_at = @now WHERE job_id = @jobId AND seq = @seq AND state = 'Applying' AND lease_owner = @owner;",
            new { jobId, seq, owner, now = Now() }, cancellationToken: ct));
    }

    /// <summary>Marks every pending row skipped with <paramref name="reason"/> (a cancelled job); a claimed row then can no longer be sent.</summary>
    public async Task<int> SkipPendingAsync(string jobId, LocalText reason, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bulk_job_rows SET state = 'Skipped', error = NULL, reason = @reason, updated_at = @now WHERE job_id = @jobId AND state = 'Pending';",
            new { jobId, reason = reason.ToJson(), now = Now() }, cancellationToken: ct));
    }

    public async Task<JobCounts> CountAsync(string jobId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var counts = (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "SELECT state, COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId GROUP BY state;", new { jobId }, cancellationToken: ct)))
            .ToDictionary(c => Enum.Parse<RowState>(c.State), c => (int)c.Count);
        return new JobCounts(counts.GetValueOrDefault(RowState.Pending), counts.GetValueOrDefault(RowState.Applying),
            counts.GetValueOrDefault(RowState.Done), counts.GetValueOrDefault(RowState.Failed), counts.GetValueOrDefault(RowState.Skipped));
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, StorageJson.Options);

    private static T FromJson<T>(string? json) where T : class => json is null ? null! : JsonSerializer.Deserialize<T>(json, StorageJson.Options)!;

    private sealed class JobRecord
    {
        public string Id { get; set; } = "";
        public string Kind { get; set; } = "";
        public string State { get; set; } = "";
        public string Title { get; set; } = "";
        public string Labels { get; set; } = "{}";
        public string RoomId { get; set; } = "";
        public string? ThreadId { get; set; }
        public string RequestedBy { get; set; } = "";
        public string? ConfirmedBy { get; set; }
        public long CreatedAt { get; set; }
        public long? StartedAt { get; set; }
        public long? FinishedAt { get; set; }
        public long CancelRequested { get; set; }
        public string? ProgressMessageId { get; set; }
        public long ProgressEdits { get; set; }
        public string? OrgId { get; set; }

        public BulkJob ToJob() => new(Id, Enum.Parse<JobKind>(Kind), Enum.Parse<JobState>(State), Title, FromJson<Dictionary<string, string>>(Labels), RoomId, ThreadId, RequestedBy, ConfirmedBy,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), StartedAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null, CancelRequested == 1, ProgressMessageId, (int)ProgressEdits) { OrgId = OrgId };
    }

    private sealed class RowRecord
    {
        public string JobId { get; set; } = "";
        public long Seq { get; set; }
        public long SourceRow { get; set; }
        public string Email { get; set; } = "";
        public string PersonId { get; set; } = "";
        public string BeforeIds { get; set; } = "[]";
        public string Adds { get; set; } = "[]";
        public string RemoveIds { get; set; } = "[]";
        public string BeforeText { get; set; } = "";
        public string AfterText { get; set; } = "";
        public string State { get; set; } = "";
        public long Attempts { get; set; }
        /// <summary>Plain words, as rows finished before reasons were typed (jobs migration 5) stored them.</summary>
        public string? Error { get; set; }
        /// <summary>The typed reason (<see cref="LocalText"/> as JSON).</summary>
        public string? Reason { get; set; }
        public string? TrackingId { get; set; }
        public string? AfterIds { get; set; }
        public string? AuditOutcome { get; set; }
        public long UpdatedAt { get; set; }

        public JobRow ToRow() => new(JobId, (int)Seq, (int)SourceRow, Email, PersonId, FromJson<List<string>>(BeforeIds), FromJson<List<LicenceAdd>>(Adds),
            FromJson<List<string>>(RemoveIds), BeforeText, AfterText, Enum.Parse<RowState>(State), (int)Attempts,
            Reason is not null ? LocalText.FromJson(Reason) : Error is not null ? LocalText.Verbatim(Error) : null, TrackingId,
            AfterIds is null ? null : FromJson<List<string>>(AfterIds))
        {
            AuditOutcome = AuditOutcome,
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        };
    }
}
