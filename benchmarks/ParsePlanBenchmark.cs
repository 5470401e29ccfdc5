using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Benchmarks;

/// <summary>
/// Reading and planning an uploaded Control Hub CSV: every row parsed, diffed against the user's live licences and
/// checked against the rules. Target: 50,000 rows in ≤ 1 s and ≤ 200 MB allocated; time should grow linearly.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class ParsePlanBenchmark
{
    private byte[] _file = [];
    private OrgSnapshot _snapshot = null!;

    [Params(10_000, 50_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Licence L(string id, string name, string sub) => new(id, name, LicenceClassifier.Classify(name), sub, SubscriptionState.Active, 100_000, 60_000);
        var org = new OrgLicences([
            L("L-PRO-OLD", "Webex Calling - Professional", "Sub-OLD"), L("L-PRO-NEW", "Webex Calling - Professional", "Sub-NEW"),
            L("L-MSG-OLD", "Messaging", "Sub-OLD"), L("L-MTG-OLD", "Meeting - Webex Meetings", "Sub-OLD"),
        ]);
        var users = new List<SnapshotUser>(Rows);
        var csv = new StringBuilder("User ID/Email (Required),First Name,Last Name,Display Name,User Status,Webex Calling - Professional [Sub-OLD],Webex Calling - Professional [Sub-NEW],Messaging [Sub-OLD],Meeting - Webex Meetings [Sub-OLD]\r\n");
        for (var i = 0; i < Rows; i++)
        {
            var email = $"user{i.ToString(CultureInfo.InvariantCulture)}@acme.test";
            var calling = new CallingData("LOC-AMS", "+3120" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture), (10_000 + i).ToString(CultureInfo.InvariantCulture));
            users.Add(new SnapshotUser(new LicensedUser($"P-{i}", email, $"User {i}", UserStatus.Active, false, false, ["L-PRO-OLD", "L-MSG-OLD", "L-MTG-OLD"], calling, [], []), "User", i.ToString(CultureInfo.InvariantCulture), "active"));
            // Four rows in five move; the fifth is unchanged (R10).
            var move = i % 5 != 4;
            csv.Append(email).Append(",User,").Append(i).Append(",User ").Append(i).Append(",Active,")
               .Append(move ? "FALSE,TRUE" : "TRUE,FALSE").Append(",TRUE,TRUE\r\n");
        }
        _snapshot = new OrgSnapshot(org, users);
        _file = Encoding.UTF8.GetBytes(csv.ToString());
    }

    [Benchmark]
    public async Task<int> ParseAndPlan()
    {
        var plan = await CsvPlanner.PlanAsync(_snapshot, new MemoryStream(_file, writable: false), CsvLimits.Unlimited, "bench", CancellationToken.None);
        return plan.Rows.Count;
    }
}
