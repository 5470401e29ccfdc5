using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks -- scale [--quick] [--users 20000,100000] [--job-rows 4000]
// dotnet run -c Release --project benchmarks -- pacing [--quick] [--limits 20,50,200] [--latencies 0,50]
// dotnet run -c Release --project benchmarks -- inbox [--deliveries 5000] [--concurrency 16] [--spaces 50]
// dotnet run -c Release --project benchmarks [-- --filter *ParsePlan*]
switch (args.FirstOrDefault())
{
    case "scale":
        await LicenseBot.Benchmarks.ScaleBenchmark.RunAsync(args[1..]);
        break;
    case "inbox":
        await LicenseBot.Benchmarks.InboxBenchmark.RunAsync(args[1..]);
        break;
    case "pacing":
        await LicenseBot.Benchmarks.JobThroughputBenchmark.RunAsync(args[1..]);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(LicenseBot.Benchmarks.ParsePlanBenchmark).Assembly).Run(args);
        break;
}
