using Experiments.Backends;
using Experiments.Schema;
using Experiments.TestSupport;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;

namespace Experiments.Tool.Tests.Unit;

public class RunJournalTests
{
    private static readonly RunPlan Plan = new(RunPlan.CurrentSchema, "x", [new PlannedExperiment("Lab.A.Run", "h", 2)], [new PlannedTask(0, [0, 1])]);

    [Fact]
    public void Run_ids_sort_by_time_and_are_recognised()
    {
        var earlier = RunId.New(new DateTimeOffset(2026, 11, 21, 14, 30, 5, TimeSpan.Zero));
        var later = RunId.New(new DateTimeOffset(2026, 11, 21, 14, 30, 6, TimeSpan.Zero));

        Assert.Matches("^20261121-143005-[0-9a-f]{4}$", earlier);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.True(RunId.IsValid(earlier));
        Assert.False(RunId.IsValid("not-a-run"));
    }

    [Fact]
    public void A_created_run_has_its_plan_manifest_and_run_file_and_a_gitignore_for_the_journal()
    {
        using var temp = new TempDirectory("journal");
        var journal = new RunJournal(temp.Path);
        var run = Run("20261121-143005-3f2a");

        journal.Create(run with { Message = "hello" }, Plan with { RunId = run.Id }, "{\"manifest\":true}");

        var directory = journal.DirectoryOf(run.Id);
        Assert.Equal(["manifest.json", "plan.json", "run.json"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        Assert.Equal("*", File.ReadAllLines(temp.Combine(".experiments", ".gitignore"))[^1]);
        Assert.Equal("hello", journal.Find(run.Id).Message);
        Assert.Equal(run.Id, journal.ReadPlan(run.Id).RunId);
    }

    [Fact]
    public void Runs_are_listed_oldest_first_and_found_by_id_prefix_or_as_the_latest()
    {
        using var temp = new TempDirectory("journal");
        var journal = new RunJournal(temp.Path);
        foreach (var id in new[] { "20261121-143005-3f2a", "20261122-090000-0b1c", "20261122-100000-77aa" })
            journal.Create(Run(id), Plan with { RunId = id }, "{}");

        Assert.Equal(["20261121-143005-3f2a", "20261122-090000-0b1c", "20261122-100000-77aa"], journal.List().Select(r => r.Id));
        Assert.Equal("20261122-100000-77aa", journal.Find(null).Id);
        Assert.Equal("20261121-143005-3f2a", journal.Find("20261121").Id);

        var ambiguous = Assert.Throws<UserException>(() => journal.Find("20261122"));
        Assert.Equal("'20261122' matches 2 runs; give more of the id:", ambiguous.Message);
        var unknown = Assert.Throws<UserException>(() => journal.Find("2025"));
        Assert.StartsWith("No run '2025' in .experiments/runs. Recent runs:", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("20261122-100000-77aa", unknown.Details[0]);
    }

    [Fact]
    public void Submissions_are_kept_in_order()
    {
        using var temp = new TempDirectory("journal");
        var journal = new RunJournal(temp.Path);
        var run = Run("20261121-143005-3f2a");
        journal.Create(run, Plan with { RunId = run.Id }, "{}");
        var submission = new Submission("local", "local-1", run.Id, "pkg", "/store", ["123"], [0], DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["parallel"] = "2" });

        journal.SaveSubmissions(run.Id, [submission, submission with { Id = "local-2", Tasks = [1] }]);

        var read = journal.ReadSubmissions(run.Id);
        Assert.Equal(["local-1", "local-2"], read.Select(s => s.Id));
        Assert.Equal("2", read[0].Properties["parallel"]);
    }

    [Fact]
    public void A_damaged_run_file_is_named_with_its_line()
    {
        using var temp = new TempDirectory("journal");
        var journal = new RunJournal(temp.Path);
        var run = Run("20261121-143005-3f2a");
        journal.Create(run, Plan with { RunId = run.Id }, "{}");
        File.WriteAllText(Path.Combine(journal.DirectoryOf(run.Id), "run.json"), "{\n  \"id\": \"x\",\n  oops\n}");

        var e = Assert.Throws<UserException>(() => journal.List());

        Assert.StartsWith(".experiments/runs/20261121-143005-3f2a/run.json:3 is damaged", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_journal_yet_is_a_clear_message() =>
        Assert.StartsWith(
            "No runs are journaled in .experiments/runs; start one with 'dotnet experiment run'.",
            Assert.Throws<UserException>(() => new RunJournal(Path.GetTempPath() + Guid.NewGuid()).Find(null)).Message,
            StringComparison.Ordinal);

    private static RunInfo Run(string id) => new()
    {
        Id = id,
        Status = RunStatus.Planned,
        Backend = "local",
        StartedAt = DateTimeOffset.UnixEpoch,
        Configuration = "Release",
        Experiments = ["Lab.A.Run"],
        ToolVersion = "0.1.0",
        Counts = new RunCounts(2, 0, 0),
    };
}
