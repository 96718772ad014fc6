using System.Text.RegularExpressions;
using Experiments.TestSupport.Services;

namespace Experiments.Tool.Tests.Slurm;

/// <summary><c>clean</c> on the real test cluster's shared directory: old runs and unneeded packages go, what remains is intact.</summary>
[Collection(SlurmSweepsCollection.Name)]
public sealed class SlurmCleanTests
{
    private readonly SlurmSweepsProject _sweeps;

    public SlurmCleanTests(SlurmSweepsProject sweeps)
    {
        SlurmTestCluster.Require();
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Clean_removes_old_runs_from_the_shared_directory_and_packages_no_remaining_run_needs()
    {
        _sweeps.WriteSlurmConfig();
        var first = await SlurmRunAsync();
        var second = await SlurmRunAsync();
        var packages = Path.Combine(_sweeps.SharedDirectory, "packages");
        using var runJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_sweeps.Directory, ".experiments", "runs", second, "run.json")));
        var used = Path.Combine(packages, runJson.RootElement.GetProperty("packageId").GetString()!);
        // An earlier build's package, copied long ago, that no run on the cluster or in the journal uses any more.
        var stale = Path.Combine(packages, "00000000deadbeef");
        Directory.CreateDirectory(stale);
        File.WriteAllBytes(Path.Combine(stale, "Sweeps.dll"), new byte[250_000]);
        Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-40));

        var dryRun = await _sweeps.Tool.RunAsync("clean", "--older-than", "0d", "--keep-last", "1", "--backend", "slurm", "--dry-run");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Matches($@"  would remove package {Regex.Escape(stale)}: 25\d kB\n", dryRun.StandardOutput);
        Assert.True(Directory.Exists(stale));
        Assert.True(Directory.Exists(Path.Combine(_sweeps.SharedDirectory, "runs", first)));

        var clean = await _sweeps.Tool.RunAsync("clean", "--older-than", "0d", "--keep-last", "1", "--backend", "slurm");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Matches($@"  removed run {first} \(slurm, recorded\): \d", clean.StandardOutput);
        Assert.Matches($@"  removed run {Regex.Escape(Path.Combine(_sweeps.SharedDirectory, "runs", first))}: \d", clean.StandardOutput);
        Assert.Matches($@"  removed package {Regex.Escape(stale)}: 25\d kB\n", clean.StandardOutput);
        Assert.Matches(@"Removed 3 items, \d+(\.\d+)? kB in all\.", clean.StandardOutput);
        Assert.False(Directory.Exists(stale));
        Assert.False(Directory.Exists(Path.Combine(_sweeps.SharedDirectory, "runs", first)));
        Assert.True(Directory.Exists(Path.Combine(_sweeps.SharedDirectory, "runs", second)));
        Assert.True(File.Exists(Path.Combine(used, "Sweeps")), "the package the kept run uses must stay");
        Assert.Equal([second], _sweeps.RunIds());

        // The kept run's package is still usable: a new run reuses it without copying.
        var again = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "run", "Sweeps.Arithmetic.Print", "--backend", "slurm", "--no-build");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"package {Path.GetFileName(used)} already in {used}; not copied again", again.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<string> SlurmRunAsync()
    {
        var before = _sweeps.RunIds();
        var run = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "run", "Sweeps.Arithmetic.Print", "--backend", "slurm", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        return Assert.Single(_sweeps.RunIds().Except(before));
    }
}
