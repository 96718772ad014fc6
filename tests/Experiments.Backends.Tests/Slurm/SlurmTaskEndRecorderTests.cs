using System.Text;
using Experiments.Backends.Slurm;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Slurm;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlurmTaskEndRecorderTests
{
    private const string A = "Lab.A.Run";
    private const string B = "Lab.B.Run";
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_point_started_and_never_ended_gets_a_timeout_record_at_the_time_limit()
    {
        var text = Lines(Record(1, 1, PointStatus.Started), Record(1, 1, PointStatus.Succeeded), Record(2, 1, PointStatus.Started));

        var output = SlurmTaskEndRecorder.FailedRecords(text, A, Report("TIMEOUT"), "4101_3");

        var failed = Assert.Single(ParseLines(output));
        Assert.Equal(Record(2, 1, PointStatus.Failed) with { Duration = failed.Duration, Error = failed.Error }, failed);
        Assert.True(failed.Duration >= 0);
        Assert.Equal(ErrorKind.Timeout, failed.Error!.Kind);
        Assert.StartsWith("Slurm ended task 4101_3 at its time limit while this point ran.", failed.Error.Message);
        Assert.Contains("See logs/4101_3.err", failed.Error.Message);
        Assert.True(failed.CountsAsFailedAttempt);
    }

    [Theory]
    [InlineData("TIMEOUT")]
    [InlineData("DEADLINE")]
    public void Both_time_limits_are_timeouts(string state)
    {
        var output = SlurmTaskEndRecorder.FailedRecords(Lines(Record(0, 1, PointStatus.Started)), A, Report(state), "4101_0");

        Assert.Equal(ErrorKind.Timeout, Assert.Single(ParseLines(output)).Error!.Kind);
    }

    [Fact]
    public void A_point_the_worker_recorded_only_as_cancelled_on_sigterm_gets_a_failed_record_too()
    {
        var cancelled = Record(4, 2, PointStatus.Failed) with { Duration = 1.5, Error = new PointError(ErrorKind.Cancelled, null, "The run was cancelled.") };
        var text = Lines(Record(4, 1, PointStatus.Started), Record(4, 1, PointStatus.Failed) with { Duration = 2, Error = new PointError(ErrorKind.Exception, "System.Exception", "boom") },
            Record(4, 2, PointStatus.Started), cancelled);

        var output = SlurmTaskEndRecorder.FailedRecords(text, A, Report("TIMEOUT"), "4101_3");

        var failed = Assert.Single(ParseLines(output));
        Assert.Equal((4L, 2, PointStatus.Failed, ErrorKind.Timeout), (failed.Index, failed.Attempt, failed.Status, failed.Error!.Kind));
        Assert.Null(failed.Result);
    }

    [Fact]
    public void A_failed_task_is_a_crash_with_its_exit_code()
    {
        var output = SlurmTaskEndRecorder.FailedRecords(Lines(Record(0, 1, PointStatus.Started)), A, Report("FAILED", exitCode: 134), "4101_0");

        var error = Assert.Single(ParseLines(output)).Error!;
        Assert.Equal((ErrorKind.Crash, (int?)134), (error.Kind, error.ExitCode));
        Assert.StartsWith("Slurm task 4101_0 ended FAILED (exit 134) while this point ran.", error.Message);
    }

    [Fact]
    public void A_node_failure_is_a_crash_named_by_its_state()
    {
        var output = SlurmTaskEndRecorder.FailedRecords(Lines(Record(0, 1, PointStatus.Started)), A, Report("NODE_FAIL"), "4101_0");

        var error = Assert.Single(ParseLines(output)).Error!;
        Assert.Equal((ErrorKind.Crash, (int?)null), (error.Kind, error.ExitCode));
        Assert.StartsWith("Slurm task 4101_0 ended NODE_FAIL while this point ran.", error.Message);
    }

    [Fact]
    public void Running_out_of_memory_is_a_crash_that_says_to_declare_more_memory()
    {
        var output = SlurmTaskEndRecorder.FailedRecords(Lines(Record(0, 1, PointStatus.Started)), A, Report("OUT_OF_MEMORY", exitCode: 0), "4101_0");

        var error = Assert.Single(ParseLines(output)).Error!;
        Assert.Equal(ErrorKind.Crash, error.Kind);
        Assert.Contains("exceeding its memory", error.Message);
        Assert.Contains("declare more Memory in [Experiment]", error.Message);
    }

    [Fact]
    public void States_as_sacct_prints_them_are_read_by_their_first_word()
    {
        var output = SlurmTaskEndRecorder.FailedRecords(Lines(Record(0, 1, PointStatus.Started)), A, Report(" timeout+ "), "4101_0");

        Assert.Equal(ErrorKind.Timeout, Assert.Single(ParseLines(output)).Error!.Kind);
    }

    [Fact]
    public void Attempts_that_ended_are_left_alone()
    {
        var text = Lines(
            Record(0, 1, PointStatus.Started), Record(0, 1, PointStatus.Succeeded),
            Record(1, 1, PointStatus.Started), Record(1, 1, PointStatus.Failed) with { Duration = 1, Error = new PointError(ErrorKind.Exception, "System.Exception", "boom") },
            Record(2, 1, PointStatus.Started), Record(2, 1, PointStatus.Failed) with { Duration = 1, Error = new PointError(ErrorKind.Cancelled, null, "cancelled") },
            Record(2, 1, PointStatus.Failed) with { Duration = 1, Error = new PointError(ErrorKind.Timeout, null, "Slurm ended task …") });

        Assert.Equal("", SlurmTaskEndRecorder.FailedRecords(text, A, Report("TIMEOUT"), "4101_0"));
    }

    [Fact]
    public void Several_open_attempts_get_one_record_each()
    {
        var text = Lines(Record(0, 1, PointStatus.Started), Record(5, 1, PointStatus.Started), Record(5, 2, PointStatus.Started));

        var output = ParseLines(SlurmTaskEndRecorder.FailedRecords(text, A, Report("NODE_FAIL"), "4101_0"));

        Assert.Equal([(0L, 1), (5L, 1), (5L, 2)], output.Select(r => (r.Index, r.Attempt)).Order());
        Assert.All(output, r => Assert.Equal(PointStatus.Failed, r.Status));
    }

    [Fact]
    public void Other_experiments_lines_and_lines_that_are_not_records_are_ignored()
    {
        var text = Lines(Record(0, 1, PointStatus.Started) with { Experiment = B }) + "not a record\n" + Lines(Record(1, 1, PointStatus.Started));

        var output = ParseLines(SlurmTaskEndRecorder.FailedRecords(text, A, Report("TIMEOUT"), "4101_0"));

        Assert.Equal((A, 1L), (Assert.Single(output).Experiment, output[0].Index));
    }

    [Fact]
    public void An_empty_file_gets_nothing()
    {
        Assert.Equal("", SlurmTaskEndRecorder.FailedRecords("", A, Report("TIMEOUT"), "4101_0"));
    }

    [Fact]
    public void A_torn_last_line_is_ended_first_so_the_new_records_are_lines_of_their_own()
    {
        var torn = Lines(Record(0, 1, PointStatus.Started));
        var fragment = Encoding.UTF8.GetString(PointRecordJson.SerializeLine(Record(0, 1, PointStatus.Succeeded)))[..40];

        var output = SlurmTaskEndRecorder.FailedRecords(torn + fragment, A, Report("TIMEOUT"), "4101_0");

        Assert.StartsWith("\n", output);
        Assert.EndsWith("\n", output);
        var lines = (torn + fragment + output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(fragment, lines[1]);
        Assert.Equal(PointStatus.Failed, PointRecordJson.Parse(lines[2]).Status);
    }

    [Fact]
    public async Task The_file_with_the_appended_records_reads_back_as_a_failed_attempt_for_the_point()
    {
        using var store = new TempDirectory("slurm-end");
        var path = PointRecordFiles.PathOf(store.Path, A, 3);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = Lines(Record(0, 1, PointStatus.Started), Record(0, 1, PointStatus.Succeeded), Record(1, 1, PointStatus.Started));
        await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
        using var reader = new DirectoryResultStore(store.Path);
        var before = reader.ReadNew();

        await File.AppendAllTextAsync(path, SlurmTaskEndRecorder.FailedRecords(text, A, Report("TIMEOUT"), "4101_3"), TestContext.Current.CancellationToken);
        var after = reader.ReadNew();

        Assert.Equal(3, before.Records.Count);
        var record = Assert.Single(after.Records);
        Assert.Empty(after.Problems);
        Assert.Equal((1L, 1, PointStatus.Failed), (record.Index, record.Attempt, record.Status));
        Assert.True(record.IsFinal);
        Assert.True(record.CountsAsFailedAttempt);
        // Reading the whole file again, the point's last record for its attempt is the failure.
        var all = new DirectoryResultStore(store.Path).ReadNew().Records;
        Assert.Equal(PointStatus.Failed, all.Last(r => r.Index == 1).Status);
    }

    [Fact]
    public async Task The_recorder_appends_once_per_task_that_slurm_ended_and_skips_the_rest()
    {
        using var cluster = new TempDirectory("slurm end 'rec'");
        var run = cluster.Combine("runs", "r 1");
        var plan = new RunPlan(
            RunPlan.CurrentSchema, "r 1",
            [new PlannedExperiment(A, "ha", 10), new PlannedExperiment(B, "hb", 10)],
            [new PlannedTask(0, [0]), new PlannedTask(0, [1]), new PlannedTask(1, [0]), new PlannedTask(1, [1]), new PlannedTask(1, [2])]);
        // Array 4101 runs tasks 2..4 (experiment B): index 0 is task 2, index 2 is task 4.
        var facts = new SlurmSubmissionFacts([new SubmittedJob("4100", new ArrayChunk(0, 2)), new SubmittedJob("4101", new ArrayChunk(2, 3))], run, null, null);
        var task2 = PointRecordFiles.PathOf(run, B, 2);
        var task4 = PointRecordFiles.PathOf(run, B, 4);
        Directory.CreateDirectory(Path.GetDirectoryName(task2)!);
        var open2 = Lines(Record(0, 1, PointStatus.Started) with { Experiment = B, Task = 2 });
        var open4 = Lines(Record(2, 1, PointStatus.Started) with { Experiment = B, Task = 4 });
        await File.WriteAllTextAsync(task2, open2, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(task4, open4, TestContext.Current.CancellationToken);
        var recorder = new SlurmTaskEndRecorder(new LocalSlurmShell());
        SlurmTaskReport[] reports =
        [
            new("4101", 0, TaskState.Failed, "TIMEOUT"),
            new("4101", 2, TaskState.Succeeded, "COMPLETED"),            // ended normally: its worker recorded it
            new("4101", 1, TaskState.Failed, "NODE_FAIL"),               // no record file yet: nothing to end
            new("4101", 7, TaskState.Failed, "TIMEOUT"),                 // not an index of this array
            new("9999", 0, TaskState.Failed, "TIMEOUT"),                 // not this submission's job
            new("4101", null, TaskState.Failed, "TIMEOUT"),              // a whole-job line
            new("4101", 0, TaskState.Failed, "TIMEOUT"),                 // squeue and sacct both told
        ];

        await recorder.RecordAsync(facts, plan, reports, TestContext.Current.CancellationToken);
        await recorder.RecordAsync(facts, plan, reports, TestContext.Current.CancellationToken);

        var records = ParseLines(await File.ReadAllTextAsync(task2, TestContext.Current.CancellationToken));
        Assert.Equal([PointStatus.Started, PointStatus.Failed], records.Select(r => r.Status));
        Assert.Equal(ErrorKind.Timeout, records[1].Error!.Kind);
        Assert.Contains("task 4101_0", records[1].Error!.Message);
        Assert.Equal(open4, await File.ReadAllTextAsync(task4, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(PointRecordFiles.PathOf(run, B, 3)));
    }

    [Fact]
    public async Task A_second_recorder_finds_the_attempt_already_ended_and_appends_nothing()
    {
        using var cluster = new TempDirectory("slurm-end");
        var run = cluster.Combine("runs", "r1");
        var plan = new RunPlan(RunPlan.CurrentSchema, "r1", [new PlannedExperiment(A, "ha", 10)], [new PlannedTask(0, [0])]);
        var facts = new SlurmSubmissionFacts([new SubmittedJob("4100", new ArrayChunk(0, 1))], run, null, null);
        var path = PointRecordFiles.PathOf(run, A, 0);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Lines(Record(0, 1, PointStatus.Started) with { Task = 0 }), TestContext.Current.CancellationToken);
        SlurmTaskReport[] reports = [new("4100", 0, TaskState.Failed, "OUT_OF_MEMORY", 0, 9)];

        // `run` records it, then `status` in another process polls the same ended task.
        await new SlurmTaskEndRecorder(new LocalSlurmShell()).RecordAsync(facts, plan, reports, TestContext.Current.CancellationToken);
        var once = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        await new SlurmTaskEndRecorder(new LocalSlurmShell()).RecordAsync(facts, plan, reports, TestContext.Current.CancellationToken);

        Assert.Equal(once, await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(2, ParseLines(once).Count);
    }

    [Fact]
    public async Task A_task_whose_record_file_could_not_be_read_is_recorded_at_the_next_poll()
    {
        using var cluster = new TempDirectory("slurm-end");
        var run = cluster.Combine("runs", "r1");
        var plan = new RunPlan(RunPlan.CurrentSchema, "r1", [new PlannedExperiment(A, "ha", 10)], [new PlannedTask(0, [0])]);
        var facts = new SlurmSubmissionFacts([new SubmittedJob("4100", new ArrayChunk(0, 1))], run, null, null);
        var path = PointRecordFiles.PathOf(run, A, 0);
        // A directory where the record file should be: reading it fails, as a dropped ssh connection would.
        Directory.CreateDirectory(path);
        var recorder = new SlurmTaskEndRecorder(new LocalSlurmShell());
        SlurmTaskReport[] reports = [new("4100", 0, TaskState.Failed, "TIMEOUT")];
        await Assert.ThrowsAsync<SlurmShellException>(() => recorder.RecordAsync(facts, plan, reports, TestContext.Current.CancellationToken));

        Directory.Delete(path);
        await File.WriteAllTextAsync(path, Lines(Record(0, 1, PointStatus.Started) with { Task = 0 }), TestContext.Current.CancellationToken);
        await recorder.RecordAsync(facts, plan, reports, TestContext.Current.CancellationToken);

        Assert.Equal([PointStatus.Started, PointStatus.Failed], ParseLines(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).Select(r => r.Status));
    }

    private static SlurmTaskReport Report(string state, int? exitCode = null) => new("4101", 3, TaskState.Failed, state, exitCode);

    private static PointRecord Record(long index, int attempt, PointStatus status) => new(
        A, $"i={index}", index, 3, attempt, status, 1000 + (int)index, Start.AddMinutes(attempt),
        status == PointStatus.Started ? null : 0.25,
        status == PointStatus.Succeeded ? System.Text.Json.JsonDocument.Parse("42").RootElement : null,
        null);

    private static string Lines(params PointRecord[] records) =>
        string.Concat(records.Select(r => Encoding.UTF8.GetString(PointRecordJson.SerializeLine(r))));

    private static List<PointRecord> ParseLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(PointRecordJson.Parse).ToList();
}
