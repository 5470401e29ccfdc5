using LicenseBot.Core.Conversation;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.Options;

namespace LicenseBot.Tests.Conversation;

public sealed class ConfirmationServiceTests
{
    private sealed record Plan(string Email, string LicenceId);

    private static ConfirmationService Service(TestDatabase db, TimeSpan? ttl = null) =>
        new(db.Database, db.Time, Options.Create(new BotOptions { ConfirmationTtl = ttl ?? TimeSpan.FromMinutes(10) }));

    [Fact]
    public async Task The_initiator_confirms_once_and_gets_the_payload()
    {
        await using var db = new TestDatabase();
        var confirmations = Service(db);
        var token = await confirmations.CreateAsync("P-ALICE", "edit", new Plan("bob@acme.test", "L-1"), CancellationToken.None);

        var result = await confirmations.ConsumeAsync<Plan>(token.Value, "P-ALICE", "edit", CancellationToken.None);
        Assert.Equal(ConfirmationOutcome.Ok, result.Outcome);
        Assert.Equal(new Plan("bob@acme.test", "L-1"), result.Payload);

        var again = await confirmations.ConsumeAsync<Plan>(token.Value, "P-ALICE", "edit", CancellationToken.None);
        Assert.Equal(ConfirmationOutcome.AlreadyUsed, again.Outcome);
        Assert.Null(again.Payload);
    }

    [Fact]
    public async Task Someone_else_is_refused_and_the_token_stays_usable_for_the_initiator()
    {
        await using var db = new TestDatabase();
        var confirmations = Service(db);
        var token = await confirmations.CreateAsync("P-ALICE", "edit", new Plan("bob@acme.test", "L-1"), CancellationToken.None);

        Assert.Equal(ConfirmationOutcome.WrongPerson, (await confirmations.ConsumeAsync<Plan>(token.Value, "P-BOB", "edit", CancellationToken.None)).Outcome);
        Assert.Equal(ConfirmationOutcome.Ok, (await confirmations.ConsumeAsync<Plan>(token.Value, "P-ALICE", "edit", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_token_expires_after_the_configured_time()
    {
        await using var db = new TestDatabase();
        var confirmations = Service(db, TimeSpan.FromMinutes(5));
        var token = await confirmations.CreateAsync("P-ALICE", "edit", new Plan("b", "L"), CancellationToken.None);
        Assert.Equal(db.Time.GetUtcNow().AddMinutes(5), token.ExpiresAt);

        db.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(ConfirmationOutcome.Ok, await confirmations.CheckAsync(token.Value, "P-ALICE", "edit", CancellationToken.None));
        db.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ConfirmationOutcome.Expired, (await confirmations.ConsumeAsync<Plan>(token.Value, "P-ALICE", "edit", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Tokens_of_another_flow_or_never_issued_are_unknown()
    {
        await using var db = new TestDatabase();
        var confirmations = Service(db);
        var token = await confirmations.CreateAsync("P-ALICE", "edit", new Plan("b", "L"), CancellationToken.None);

        Assert.Equal(ConfirmationOutcome.Unknown, (await confirmations.ConsumeAsync<Plan>(token.Value, "P-ALICE", "bulk", CancellationToken.None)).Outcome);
        Assert.Equal(ConfirmationOutcome.Unknown, (await confirmations.ConsumeAsync<Plan>("forged", "P-ALICE", "edit", CancellationToken.None)).Outcome);
        Assert.Equal(ConfirmationOutcome.Unknown, (await confirmations.ConsumeAsync<Plan>(null, "P-ALICE", "edit", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Of_many_simultaneous_clicks_exactly_one_wins()
    {
        await using var db = new TestDatabase();
        var confirmations = Service(db);
        var token = await confirmations.CreateAsync("P-ALICE", "bulk", new Plan("b", "L"), CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => confirmations.ConsumeAsync<Plan>(token.Value, "P-ALICE", "bulk", CancellationToken.None))));
        Assert.Single(outcomes, o => o.Outcome == ConfirmationOutcome.Ok);
        Assert.All(outcomes.Where(o => !o.IsOk), o => Assert.Equal(ConfirmationOutcome.AlreadyUsed, o.Outcome));
    }
}
