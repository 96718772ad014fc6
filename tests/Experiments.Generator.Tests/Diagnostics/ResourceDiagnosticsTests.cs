using static Experiments.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace Experiments.Generator.Tests.Diagnostics;

/// <summary>EXP050–EXP054: the resources a point needs.</summary>
public sealed class ResourceDiagnosticsTests
{
    [Theory]
    [InlineData("5 minutes", "it is neither a TimeSpan nor a number with a unit")]
    [InlineData("25:00:00", "hours must be 0–23 and minutes and seconds 0–59")]
    [InlineData("0s", "it is not longer than zero")]
    [InlineData("", "it is empty")]
    public void InvalidTimeout(string text, string why) => Single(InClass($$"""
            [Experiment(Timeout = [|"{{text}}"|])] public int Run() => 1;
        """), "EXP050", $"Timeout \"{text}\" is not valid: {why}; write a positive TimeSpan (\"00:05:00\", \"1.12:00:00\") or a number with a unit (\"500ms\", \"90s\", \"5m\", \"2h\", \"1d\")");

    [Theory]
    [InlineData("2 gigs", "'gigs' is not a unit")]
    [InlineData("0.5B", "it is not a whole number of bytes")]
    [InlineData("0GiB", "it is not more than zero")]
    [InlineData("-1GiB", "it is not a number followed by a unit")]
    [InlineData("99999999TiB", "it is more than a 64-bit byte count can hold")]
    public void InvalidMemory(string text, string why) => Single(InClass($$"""
            [Experiment(Memory = [|"{{text}}"|])] public int Run() => 1;
        """), "EXP051", $"Memory \"{text}\" is not valid: {why}; write a positive amount with a unit (\"512MiB\", \"2GiB\", \"4GB\", \"1TiB\", \"100MB\", \"1024KiB\") or plain bytes");

    [Fact]
    public void NegativeRetries() => Single(InClass("""
            [Experiment(Retries = [|-1|])] public int Run() => 1;
        """), "EXP052", "Retries = -1 is negative; Retries is how many times a failed point is tried again (0 or more)");

    [Fact]
    public void ZeroCpus() => Single(InClass("""
            [Experiment(Cpus = [|0|])] public int Run() => 1;
        """), "EXP053", "Cpus = 0 is not valid; a point needs at least 1 CPU");

    [Fact]
    public void NegativeGpus() => Single(InClass("""
            [Experiment(Gpus = [|-2|])] public int Run() => 1;
        """), "EXP054", "Gpus = -2 is negative; Gpus is how many GPUs a point needs (0 or more)");
}
