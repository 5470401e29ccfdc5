using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks [-- --filter *ParsePlan*]
BenchmarkSwitcher.FromAssembly(typeof(LicenseBot.Benchmarks.ParsePlanBenchmark).Assembly).Run(args);
