using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxConcurrencyTests
{
    [Fact]
    public async Task Two_hundred_concurrent_patches_lose_no_update_and_never_over_use_units()
    {
        var seed = SandboxServer.SmallDemo(bulkPeople: 200);
        seed = seed with { Licenses = seed.Licenses!.Select(l => l.Id == DemoOrg.Ids.Licence("L-CXB-NEW") ? l with { TotalUnits = 120 } : l).ToList() };
        await using var server = await SandboxServer.StartAsync(seed);
        var admin = server.Client(server.Access.AdminToken);
        var people = Enumerable.Range(1, 200).Select(i => DemoOrg.Ids.Person($"P-U{i:D4}")).ToList();
        var proOldBefore = (await admin.GetJsonAsync($"licenses/{DemoOrg.Ids.Licence("L-CALL-PRO-OLD")}")).Json.GetProperty("consumedUnits").GetInt32();

        // Every user: add the scarce CX Basic licence; users on Calling Pro (old) also move to Calling Pro (new) in the same PATCH.
        var results = await Task.WhenAll(people.Select(async id =>
        {
            var (_, person, _) = await admin.GetJsonAsync($"people/{id}?callingData=true");
            var licences = person.GetProperty("licenses").Strings();
            var ops = new List<object> { new { id = DemoOrg.Ids.Licence("L-CXB-NEW"), operation = "add" } };
            var moves = licences.Contains(DemoOrg.Ids.Licence("L-CALL-PRO-OLD"));
            if (moves)
            {
                ops.Add(new { id = DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), operation = "remove" });
                ops.Add(new { id = DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), operation = "add", properties = new { locationId = person.Str("locationId"), extension = person.Str("extension") } });
            }

            var (status, _, _) = await admin.PatchJsonAsync("licenses/users", new { personId = id, licenses = ops });
            return (id, status, moves);
        }));

        Assert.All(results, r => Assert.True(r.status is 200 or 400, $"{r.id}: {r.status}"));
        var granted = results.Where(r => r.status == 200).Select(r => r.id).ToHashSet();
        Assert.Equal(120, granted.Count);

        var cxb = (await admin.GetJsonAsync($"licenses/{DemoOrg.Ids.Licence("L-CXB-NEW")}?includeAssignedTo=user")).Json;
        Assert.Equal(120, cxb.GetProperty("consumedUnits").GetInt32());
        Assert.Equal(granted.Order(StringComparer.Ordinal), cxb.GetProperty("users").EnumerateArray().Select(u => u.Str("id")).Order(StringComparer.Ordinal));

        var moved = results.Count(r => r.status == 200 && r.moves);
        Assert.Equal(proOldBefore - moved, (await admin.GetJsonAsync($"licenses/{DemoOrg.Ids.Licence("L-CALL-PRO-OLD")}")).Json.GetProperty("consumedUnits").GetInt32());
        var state = server.Services.GetService(typeof(SandboxState)) as SandboxState;
        Assert.NotNull(state);
        foreach (var (license, consumed) in state.ListLicenses())
        {
            Assert.Equal(state.LicenseHolders(license.Id).Count, consumed);
            Assert.True(consumed <= license.TotalUnits, $"{license.Id} over-used");
        }

        foreach (var r in results.Where(r => r.moves))
        {
            var licences = (await admin.GetJsonAsync($"people/{r.id}")).Json.GetProperty("licenses").Strings();
            Assert.Equal(r.status == 200, licences.Contains(DemoOrg.Ids.Licence("L-CALL-PRO-NEW")));
            Assert.Equal(r.status != 200, licences.Contains(DemoOrg.Ids.Licence("L-CALL-PRO-OLD")));
        }
    }
}
