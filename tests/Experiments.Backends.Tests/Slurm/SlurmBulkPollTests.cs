using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

/// <summary>A run split into several submissions (one per MaxArraySize of tasks) is still polled with one squeue.</summary>
public sealed class SlurmBulkPollTests
{
    [Fact]
    public async Task All_arrays_of_all_submissions_are_asked_about_in_one_squeue()
    {
        var shell = new ScriptedShell("""
            11_0|RUNNING|None
            11_1|COMPLETED|None
            12_0|PENDING|Resources
            13_0|FAILED|NonZeroExitCode
            13_1|COMPLETED|None
            """);
        await using var backend = new SlurmBackend(new SlurmOptions { SharedDirectory = "/scratch/x" }, shell, maxArraySize: 2, clusterCpus: 2);
        Submission[] submissions =
        [
            Submission("slurm-11+12", "11:0:2,12:2:1"),
            Submission("slurm-13", "13:3:2"),
        ];

        var statuses = await backend.PollAllAsync(submissions, CancellationToken.None);

        var squeue = Assert.Single(shell.Commands, c => c[0] == "squeue");
        Assert.Contains("11,12,13", squeue);
        Assert.Equal(2, statuses.Count);
        Assert.Equal((1, 1, 1), (statuses[0].Count(TaskState.Running), statuses[0].Count(TaskState.Succeeded), statuses[0].Count(TaskState.Pending)));
        Assert.False(statuses[0].Finished);
        Assert.Equal((1, 1), (statuses[1].Count(TaskState.Failed), statuses[1].Count(TaskState.Succeeded)));
        Assert.True(statuses[1].Finished);
    }

    private static Submission Submission(string id, string arrays) => new(
        "slurm", id, "run-1", "feedfacefeedface", "/scratch/x/runs/run-1", [], [], DateTimeOffset.UtcNow,
        new Dictionary<string, string> { ["arrays"] = arrays, ["clusterRunDirectory"] = "/scratch/x/runs/run-1" });

    /// <summary>Answers squeue with a fixed text and every other command (the plan read, sacct) as a cluster without them would.</summary>
    private sealed class ScriptedShell(string squeueOutput) : ISlurmShell
    {
        public List<IReadOnlyList<string>> Commands { get; } = [];

        public string Where => "the test";

        public Task<ShellResult> RunAsync(IReadOnlyList<string> command, string? standardInput, CancellationToken cancellationToken)
        {
            Commands.Add(command);
            return Task.FromResult(command[0] switch
            {
                "squeue" => new ShellResult(0, squeueOutput.Replace("\r", ""), ""),
                "sacct" => new ShellResult(1, "", "Slurm accounting storage is disabled"),
                _ => new ShellResult(3, "", ""), // the record files and plan: absent
            });
        }

        public Task CopyDirectoryAsync(string localDirectory, string clusterDirectory, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PullDirectoryAsync(string clusterDirectory, string localDirectory, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
