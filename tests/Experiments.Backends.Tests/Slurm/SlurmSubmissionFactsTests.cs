using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SlurmSubmissionFactsTests
{
    private static readonly SubmittedJob[] TwoArrays = [new("4101", new ArrayChunk(0, 1001)), new("4102", new ArrayChunk(1001, 17))];

    [Fact]
    public void Facts_of_a_local_cluster_survive_the_journal()
    {
        var facts = new SlurmSubmissionFacts(TwoArrays, "/scratch/exp/runs/r1", Host: null, LocalMirror: null);

        var properties = facts.ToProperties();
        var read = SlurmSubmissionFacts.Of(Journaled(properties));

        Assert.Equal(
            new Dictionary<string, string> { ["arrays"] = "4101:0:1001,4102:1001:17", ["clusterRunDirectory"] = "/scratch/exp/runs/r1" },
            properties);
        Assert.Equal(TwoArrays, read.Arrays);
        Assert.Equal(("/scratch/exp/runs/r1", (string?)null, (string?)null), (read.ClusterRunDirectory, read.Host, read.LocalMirror));
        Assert.Equal(["4101", "4102"], read.JobIds);
    }

    [Fact]
    public void Facts_of_a_remote_cluster_keep_the_host_and_the_local_mirror()
    {
        var facts = new SlurmSubmissionFacts(TwoArrays, "/scratch/exp/runs/r1", "alice@login.cluster", "/home/me/repo/.experiments/runs/r1/slurm-store");

        var read = SlurmSubmissionFacts.Of(Journaled(facts.ToProperties()));

        Assert.Equal(TwoArrays, read.Arrays);
        Assert.Equal("alice@login.cluster", read.Host);
        Assert.Equal("/home/me/repo/.experiments/runs/r1/slurm-store", read.LocalMirror);
        Assert.Equal(facts.ClusterRunDirectory, read.ClusterRunDirectory);
    }

    [Fact]
    public void Federated_job_ids_and_a_single_array_round_trip()
    {
        SubmittedJob[] arrays = [new("123_0", new ArrayChunk(7, 1))];
        var read = SlurmSubmissionFacts.Of(Journaled(new SlurmSubmissionFacts(arrays, "/s/runs/r", null, null).ToProperties()));

        Assert.Equal(arrays, read.Arrays);
    }

    [Theory]
    [InlineData("arrays")]
    [InlineData("clusterRunDirectory")]
    public void A_journal_entry_without_the_arrays_or_run_directory_is_named_as_damaged(string missing)
    {
        var properties = new SlurmSubmissionFacts(TwoArrays, "/scratch/exp/runs/r1", null, null).ToProperties()
            .Where(p => p.Key != missing).ToDictionary();

        var error = Assert.Throws<InvalidDataException>(() => SlurmSubmissionFacts.Of(Journaled(properties)));

        Assert.Equal("Submission slurm-4101+4102 does not hold the Slurm arrays and run directory; its journal entry is damaged.", error.Message);
    }

    [Theory]
    [InlineData("4101:0")]
    [InlineData("4101:x:10")]
    [InlineData("4101:0:-1")]
    [InlineData("4101:0:1e3")]
    public void A_damaged_array_entry_is_named_with_its_expected_shape(string entry)
    {
        var properties = new Dictionary<string, string> { ["arrays"] = "4100:0:5," + entry, ["clusterRunDirectory"] = "/s/runs/r" };

        var error = Assert.Throws<InvalidDataException>(() => SlurmSubmissionFacts.Of(Journaled(properties)));

        Assert.Equal($"Submission slurm-4101+4102 has a damaged job entry '{entry}' (expected jobId:offset:count).", error.Message);
    }

    private static Submission Journaled(IReadOnlyDictionary<string, string> properties)
    {
        var submission = new Submission(
            "slurm", "slurm-4101+4102", "r1", "pkg", "/scratch/exp/runs/r1", ["4101", "4102"], [.. Enumerable.Range(0, 1018)],
            DateTimeOffset.UnixEpoch, properties);
        // Through the journal's serializer and back, as status, cancel and resume read it in another process.
        var json = System.Text.Json.JsonSerializer.Serialize(submission);
        return System.Text.Json.JsonSerializer.Deserialize<Submission>(json)!;
    }
}
