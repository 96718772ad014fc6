using System.Net;
using System.Net.Sockets;
using Experiments.Backends.Slurm;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Slurm;

/// <summary>
/// Following a run while the login node cannot be reached: a poll whose ssh cannot even start, and a records copy whose
/// rsync is refused, are reported as messages the tool shows (once) while it keeps trying — never as exceptions that
/// end the run with a stack trace — and nothing is taken as finished.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnreachableLoginNodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_poll_whose_shell_cannot_run_is_unknown_and_unfinished_with_the_reason()
    {
        var shell = new MissingProgramShell();
        var backend = new SlurmBackend(new SlurmOptions { SharedDirectory = "/scratch/experiments" }, shell, maxArraySize: 10, clusterCpus: 2);
        var facts = new SlurmSubmissionFacts([new SubmittedJob("4242", new ArrayChunk(0, 3))], "/scratch/experiments/runs/r1", null, null);
        var submission = new Submission("slurm", "slurm-4242", "r1", "pkg", facts.ClusterRunDirectory, facts.JobIds, [0, 1, 2], DateTimeOffset.UtcNow, facts.ToProperties());

        var status = Assert.Single(await backend.PollAllAsync([submission], Ct));

        Assert.False(status.Finished);
        Assert.Equal(3, status.Count(TaskState.Unknown));
        Assert.StartsWith("Could not ask Slurm how the tasks are doing: Could not start ssh-that-is-not-installed", status.Message);
        Assert.EndsWith("Asking again.", status.Message);
    }

    [Fact]
    public async Task A_records_copy_from_a_login_node_that_cannot_be_reached_is_reported_once_and_tried_again()
    {
        using var temp = new TempDirectory("slurm-mirror");
        var host = ClosedPort();
        var backend = new SlurmBackend(new SlurmOptions { SharedDirectory = "/scratch/experiments", Host = host }, new SshSlurmShell(host), maxArraySize: 10, clusterCpus: 2);
        var facts = new SlurmSubmissionFacts([new SubmittedJob("4242", new ArrayChunk(0, 1))], "/scratch/experiments/runs/r1", "login", temp.Combine("mirror"));
        var submission = new Submission("slurm", "slurm-4242", "r1", "pkg", "login:/scratch/experiments/runs/r1", facts.JobIds, [0], DateTimeOffset.UtcNow, facts.ToProperties());
        using var store = backend.OpenStore(submission);

        var first = await store.ReadNewAsync(Ct);
        var second = await store.ReadNewAsync(Ct);

        Assert.Empty(first.Records);
        var problem = Assert.Single(first.Problems);
        Assert.StartsWith($"Could not copy the records from {store.Location}: Copying /scratch/experiments/runs/r1/records from ssh ", problem);
        Assert.Contains("Copying again at the next poll", problem);
        Assert.Empty(second.Problems);
    }

    /// <summary>An ssh destination on loopback where nothing listens: every connection is refused at once.</summary>
    private static string ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"ssh://127.0.0.1:{port}";
    }

    /// <summary>A shell whose program is not installed, as ssh missing from PATH would be.</summary>
    private sealed class MissingProgramShell : ProcessShell
    {
        public override string Where => "a shell without its program";

        protected override string? CopyHost => null;

        protected override ShellCommand Wrap(IReadOnlyList<string> command) => new("ssh-that-is-not-installed", command);
    }
}
