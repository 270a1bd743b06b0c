using BenchmarkDotNet.Running;

// Micro-benchmarks (BenchmarkDotNet): `dotnet run -c Release --project benchmarks/CloudMask.Benchmarks -- --filter '*'`.
// Whole-job benchmarks with stated targets are `./cloudmask bench ...`.
BenchmarkSwitcher.FromAssembly(typeof(CloudMask.Benchmarks.TilingBenchmarks).Assembly).Run(args);
