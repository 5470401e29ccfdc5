using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Storage;

public sealed class DbStorageTests
{
    private sealed record Note(string Text, int Count);

    [Fact]
    public async Task Written_state_is_read_back_with_its_etag()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        var etag = await storage.WriteAsync("k", StoreItem.From(new Note("hi", 1)), CancellationToken.None);
        var read = await storage.ReadAsync("k", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(new Note("hi", 1), read.As<Note>());
        Assert.Equal(etag, read.ETag);
        Assert.Null(await storage.ReadAsync("missing", CancellationToken.None));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        var first = await storage.WriteAsync("k", StoreItem.From(new Note("v1", 1)), CancellationToken.None);
        await storage.WriteAsync("k", StoreItem.From(new Note("v2", 2), first), CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageConcurrencyException>(() => storage.WriteAsync("k", StoreItem.From(new Note("lost", 3), first), CancellationToken.None));
        Assert.Equal("k", error.Key);
        Assert.Equal(new Note("v2", 2), (await storage.ReadAsync("k", CancellationToken.None))!.As<Note>());
    }

    [Fact]
    public async Task Create_only_write_fails_when_the_key_exists()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        await storage.WriteAsync("k", StoreItem.From(new Note("a", 1), StoreItem.New), CancellationToken.None);
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => storage.WriteAsync("k", StoreItem.From(new Note("b", 2), StoreItem.New), CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_batch_writes_none_of_its_items()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        await storage.WriteAsync("taken", StoreItem.From(new Note("x", 0)), CancellationToken.None);
        var batch = new Dictionary<string, StoreItem>
        {
            ["fresh"] = StoreItem.From(new Note("y", 1)),
            ["taken"] = StoreItem.From(new Note("z", 2), StoreItem.New),
        };
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => storage.WriteAsync(batch, CancellationToken.None));
        Assert.Null(await storage.ReadAsync("fresh", CancellationToken.None));
    }

    [Fact]
    public async Task Deleted_state_is_gone()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        await storage.WriteAsync("k", StoreItem.From(new Note("a", 1)), CancellationToken.None);
        await storage.DeleteAsync(["k"], CancellationToken.None);
        Assert.Null(await storage.ReadAsync("k", CancellationToken.None));
    }
}
