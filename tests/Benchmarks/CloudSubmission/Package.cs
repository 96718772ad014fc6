using Experiments.Backends;
using Experiments.Backends.Container;

namespace Benchmarks.CloudSubmission;

/// <summary>The image every scenario submits: already pushed, as the tool has it after packaging (not measured here).</summary>
internal static class Package
{
    public static ContainerImageOptions Image { get; } = new() { Registry = "127.0.0.1:5000", Repository = "experiments-bench/app", PlainHttp = true };

    public static PreparedPackage Prepared { get; } = new("0123456789abcdef", "127.0.0.1:5000/experiments-bench/app:0123456789abcdef", "Benchmark");
}
