using System.Text.Json;
using Experiments.TestSupport;
using Experiments.TestSupport.Services;
using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Slurm;

/// <summary>
/// <c>slurm.host</c>: every Slurm command and copy goes over the user's ssh (here the loopback sshd of tests/Slurm/ssh.sh,
/// reached through an <c>ssh</c> on PATH that adds the test's ssh config, as a user's ~/.ssh/config would).
/// </summary>
[Collection(SlurmSweepsCollection.Name)]
public sealed class SlurmSshTests
{
    private const string SshLog = "/var/lib/experiments-test-ssh/sshd.log";

    private readonly SlurmSweepsProject _sweeps;

    public SlurmSshTests(SlurmSweepsProject sweeps)
    {
        SlurmTestCluster.Require();
        SshTestHost.Require();
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task A_sweep_through_the_ssh_host_copies_the_app_with_rsync_runs_on_the_cluster_and_pulls_the_records_back()
    {
        using var temp = new TempDirectory("slurm-ssh");
        // A shared directory the tool never touches directly: only ssh and rsync reach it.
        var remoteShared = $"/tmp/experiments-ssh-shared-{Guid.NewGuid():N}"[..40];
        _sweeps.WriteSlurmConfig(new { host = SshTestHost.Host }, remoteShared);
        var tool = _sweeps.Tool.With(new Dictionary<string, string?> { ["PATH"] = SshTestHost.PathWithWrapper(temp.Combine("bin")) });
        var loginsBefore = Logins();

        try
        {
            var run = await tool.RunAsync(TimeSpan.FromMinutes(8), "run", "Sweeps.Arithmetic.Sum", "Sweeps.Failing.Throw", "--backend", "slurm", "--no-build", "-m", "over ssh");

            Assert.True(run.ExitCode == 1, run.ToString());
            var sums = ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum")).Points;
            Assert.Equal(12, sums.Count(p => p.IsSucceeded));
            var throws = ResultsText.ByKey(_sweeps.ResultsFile("Failing.Throw"));
            Assert.Equal(["succeeded", "failed", "succeeded"], new[] { "x=1", "x=2", "x=3" }.Select(k => throws[k].Status));
            Assert.Equal(30, throws["x=3"].Result!.Value.GetInt32());

            var runId = _sweeps.RunIds().Single();
            using var submissions = JsonDocument.Parse(File.ReadAllText(Path.Combine(_sweeps.Directory, ".experiments", "runs", runId, "submissions.json")));
            Assert.All(submissions.RootElement.EnumerateArray(), s =>
                Assert.Equal($"{SshTestHost.Host}:{remoteShared}/runs/{runId}", s.GetProperty("store").GetString()));
            var mirror = Path.Combine(_sweeps.Directory, ".experiments", "runs", runId, "slurm-store", "records");
            Assert.NotEmpty(Directory.GetFiles(mirror, "*.jsonl"));
            Assert.Single(Directory.GetDirectories(Path.Combine(remoteShared, "packages")));
            Assert.True(Logins() > loginsBefore, "the commands did not go through the test sshd");
            Assert.Empty(SlurmTestCluster.QueuedTasks(_sweeps.JobIds(runId)));
        }
        finally
        {
            if (Directory.Exists(remoteShared))
                Directory.Delete(remoteShared, recursive: true);
        }
    }

    [Fact]
    public async Task Artifacts_on_a_remote_shared_directory_come_home_through_rsync()
    {
        using var temp = new TempDirectory("slurm-ssh");
        var remoteShared = $"/tmp/experiments-ssh-shared-{Guid.NewGuid():N}"[..40];
        _sweeps.WriteSlurmConfig(new { host = SshTestHost.Host }, remoteShared);
        var tool = _sweeps.Tool.With(new Dictionary<string, string?> { ["PATH"] = SshTestHost.PathWithWrapper(temp.Combine("bin")) });

        try
        {
            var run = await tool.RunAsync(TimeSpan.FromMinutes(8), "run", "Sweeps.Drawing.Draw", "--backend", "slurm", "--no-build");

            Assert.True(run.ExitCode == 0, run.ToString());
            ArtifactsTests.AssertPointFiles(Path.Combine(_sweeps.Directory, "Drawing.Draw.artifacts"), 1, 2, 3);
            Assert.Contains("  artifacts of 3 points (6.04 kB) of Sweeps.Drawing.Draw in Drawing.Draw.artifacts/\n", run.StandardOutput, StringComparison.Ordinal);
            var status = await tool.RunAsync(TimeSpan.FromMinutes(2), "status");
            Assert.Contains("  files:  artifacts of 3 points (6.04 kB) of Sweeps.Drawing.Draw in Drawing.Draw.artifacts/\n", status.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(remoteShared))
                Directory.Delete(remoteShared, recursive: true);
        }
    }

    private static int Logins() =>
        File.Exists(SshLog) ? File.ReadLines(SshLog).Count(l => l.Contains("Accepted publickey", StringComparison.Ordinal)) : 0;
}
