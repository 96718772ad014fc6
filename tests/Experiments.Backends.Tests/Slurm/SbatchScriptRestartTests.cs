using Experiments.Backends.Slurm;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Slurm;

/// <summary>
/// Runs the rendered script with bash against a stand-in worker that exits with scripted codes, to check the restart
/// rules themselves (bash ignores the #SBATCH lines, which are comments to it).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SbatchScriptRestartTests
{
    [Fact]
    public async Task Timeouts_restart_the_worker_until_it_finishes()
    {
        var run = await RunScriptAsync(["124", "124", "0"], maxPoints: 2, retries: 0);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.Invocations.Length);
    }

    [Fact]
    public async Task Timeouts_restart_at_most_once_per_point_and_attempt()
    {
        var run = await RunScriptAsync(["124", "124", "124", "124", "124", "124", "124", "0"], maxPoints: 2, retries: 1);

        Assert.Equal(124, run.ExitCode);
        Assert.Equal(5, run.Invocations.Length); // the first run, then 2 points × 2 attempts restarts
    }

    [Fact]
    public async Task A_crash_gets_one_more_worker_to_record_it_and_run_the_rest()
    {
        var run = await RunScriptAsync(["139", "0"], maxPoints: 3, retries: 0);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.Invocations.Length);
    }

    [Fact]
    public async Task Crashes_restart_the_worker_at_most_once_per_point_and_attempt()
    {
        var run = await RunScriptAsync(["137", "139", "139", "139", "0"], maxPoints: 3, retries: 0);

        Assert.Equal(139, run.ExitCode);
        Assert.Equal(4, run.Invocations.Length); // the first run, then one restart per point
    }

    [Fact]
    public async Task Timeouts_and_crashes_share_one_budget()
    {
        var run = await RunScriptAsync(["124", "139", "0"], maxPoints: 1, retries: 0);

        Assert.Equal(139, run.ExitCode);
        Assert.Equal(2, run.Invocations.Length);
    }

    [Fact]
    public async Task A_worker_that_dies_before_recording_anything_is_retried_once_only()
    {
        // "s": the stand-in exits without appending to the task's record file, as an app that cannot start would.
        var run = await RunScriptAsync(["134s", "134s", "0"], maxPoints: 100, retries: 2);

        Assert.Equal(134, run.ExitCode);
        Assert.Equal(2, run.Invocations.Length);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(130)]
    public async Task A_bad_invocation_or_a_stop_is_not_restarted(int code)
    {
        var run = await RunScriptAsync([code.ToString(System.Globalization.CultureInfo.InvariantCulture), "0"], maxPoints: 3, retries: 0);

        Assert.Equal(code, run.ExitCode);
        Assert.Single(run.Invocations);
    }

    [Fact]
    public async Task The_worker_runs_in_its_package_with_the_plan_the_store_and_the_offset()
    {
        var run = await RunScriptAsync(["0"], maxPoints: 1, retries: 0, offset: 2002);

        var shared = run.SharedDirectory;
        Assert.Equal(
            $"cwd={shared}/packages/feedfacefeedface offset=2002 args=--experiments-worker --plan {shared}/runs/run-1/plan.json --store {shared}/runs/run-1",
            Assert.Single(run.Invocations));
    }

    private sealed record ScriptRun(int ExitCode, string[] Invocations, string SharedDirectory);

    /// <param name="exitCodes">What each worker exits with; a trailing "s" means it writes no record before exiting.</param>
    private static async Task<ScriptRun> RunScriptAsync(string[] exitCodes, int maxPoints, int retries, int offset = 0)
    {
        using var temp = new TempDirectory("slurm-script");
        var shared = temp.Path;
        var package = Path.Combine(shared, "packages", "feedfacefeedface");
        Directory.CreateDirectory(package);
        var log = Path.Combine(shared, "invocations.log");
        var codes = Path.Combine(shared, "codes");
        File.WriteAllLines(codes, exitCodes);
        var records = Path.Combine(shared, "runs", "run-1", "records", PointRecordFiles.FileName("Study.Run", offset));
        Directory.CreateDirectory(Path.GetDirectoryName(records)!);
        // The stand-in worker logs how it was started, appends a line to its task's record file (a point's progress)
        // unless told to stay silent, then exits with the next scripted code.
        var worker = Path.Combine(package, "Study");
        File.WriteAllText(worker, $$"""
            #!/bin/bash
            echo "cwd=$PWD offset=$EXPERIMENTS_TASK_OFFSET args=$*" >> '{{log}}'
            code=$(head -n 1 '{{codes}}'); sed -i 1d '{{codes}}'
            case $code in *s) code=${code%s} ;; *) echo '{}' >> '{{records}}' ;; esac
            exit "$code"
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(worker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var request = new SbatchScriptRequest("run-1", new ArrayChunk(offset, 4), maxPoints,
            ExperimentResources.Default with { Retries = retries }, new SlurmOptions { SharedDirectory = shared }, "feedfacefeedface", "Study", "Study.Run");
        var script = Path.Combine(shared, "task.sbatch");
        File.WriteAllText(script, SbatchScript.Render(request));

        var result = await ProcessRunner.RunAsync("bash", [script], shared, timeout: TimeSpan.FromMinutes(1));
        return new ScriptRun(result.ExitCode, File.Exists(log) ? File.ReadAllLines(log) : [], shared);
    }
}
