using System.Text.Json;
using Experiments.Points;
using Experiments.Schema;
using Experiments.TestSupport;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

public class ResultsFileFormatTests
{
    private static ResultsFile Sample()
    {
        var grid = TestManifests.Experiment("Lab.Study.Run", axes: [("delta", "double", ["0.1", "0.5"]), ("solver", "Lab.Solver", ["Omp", "Ista"])]);
        var run1 = ResultsFileMergeTests.Run("20261121-143005-3f2a") with
        {
            GitCommit = "0123456789abcdef0123456789abcdef01234567", GitDirty = false, Message = "first sweep",
            Recorded = new ResultsFileRunPoints(2, 0, 0.000055, 12, 12, 12.000055),
        };
        var run2 = ResultsFileMergeTests.Run("20261122-090000-0b1c") with { Resumes = "20261121-143005-3f2a", Recorded = new ResultsFileRunPoints(1, 1, null, null, null, 0) };
        var replicates = new ManifestAxis("replicate", "int", "replicates", Enumerable.Range(0, 20).Select(i => JsonSerializer.SerializeToElement(i)).ToArray());
        var range = new ManifestAxis("rho", "double", "range", new[] { "0.02", "0.04", "0.06", "0.08" }.Select(v => JsonDocument.Parse(v).RootElement.Clone()).ToArray());
        return new ResultsFile(
            ResultsFile.CurrentSchema, grid.Name, grid.GridHash, [.. grid.Axes, range, replicates],
            [run1, run2],
            [
                new("delta=0.1;solver=Ista", "failed", false, Parameters(0.1, "Ista"), Seeds.Derive(grid.Name, "delta=0.1;solver=Ista"), 3, null,
                    new ResultsFileError("exception", "System.InvalidOperationException", "no \"convergence\" after 100 steps", "at Lab.Study.Run() in Study.cs:line 12\nat …")),
                new("delta=0.1;solver=Omp", "succeeded", false, Parameters(0.1, "Omp"), 11, 1,
                    JsonSerializer.SerializeToElement(new { successRate = 0.95, errors = new[] { 1e-9, 2.5 } }), null),
                new("delta=0.9;solver=Omp", "succeeded", true, Parameters(0.9, "Omp"), Seeds.Derive(grid.Name, "delta=0.9;solver=Omp"), 2, null, null),
            ]);
    }

    private static JsonElement Parameters(double delta, string solver) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["delta"] = delta, ["solver"] = solver });

    [Fact]
    public void The_header_is_pretty_printed_and_each_axis_and_point_is_exactly_one_line()
    {
        var text = ResultsFileWriter.Format(Sample());

        Approvals.Verify(text, "ResultsFile.format");
        var lines = text.Split('\n');
        Assert.Equal(3, lines.Count(l => l.StartsWith("  {\"key\":", StringComparison.Ordinal)));
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back_unchanged()
    {
        var text = ResultsFileWriter.Format(Sample());

        var read = ResultsFileReader.Parse(text, "Study.Run.results.json");

        Assert.Equal(text, ResultsFileWriter.Format(read));
        Assert.True(read.Points[2].Stale);
        // What the line leaves out, the reader puts back: the parameters from the key, the derived seed, one attempt.
        Assert.Equal(Sample().Points.Select(p => (p.Key, p.Parameters.GetRawText(), p.Seed, p.Attempts)), read.Points.Select(p => (p.Key, p.Parameters.GetRawText(), p.Seed, p.Attempts)));
        Assert.Equal(["0.02", "0.04", "0.06", "0.08"], read.Axes[2].Values.Select(v => v.GetRawText()));
        Assert.Equal(Enumerable.Range(0, 20), read.Axes[3].Values.Select(v => v.GetInt32()));
        Assert.Equal(Sample().Runs, read.Runs);
        Assert.Equal("20261121-143005-3f2a", read.Runs[1].Resumes);
        Assert.Equal(false, read.Runs[0].GitDirty);
    }

    [Fact]
    public void An_atomic_write_replaces_the_file_and_leaves_no_temporary_file_behind()
    {
        using var temp = new TempDirectory("results");
        var path = temp.Combine("Study.Run.results.json");
        File.WriteAllText(path, "old content");

        ResultsFileWriter.Write(path, Sample());

        Assert.Equal(ResultsFileWriter.Format(Sample()), File.ReadAllText(path));
        Assert.Equal(["Study.Run.results.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_write_that_fails_leaves_the_old_file_and_no_temporary_file()
    {
        using var temp = new TempDirectory("results");
        var path = temp.Combine("Study.Run.results.json");
        Directory.CreateDirectory(path); // a folder where the file should be: the rename must fail

        Assert.ThrowsAny<IOException>(() => ResultsFileWriter.Write(path, Sample()));

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_merge_conflict_is_reported_with_the_file_and_the_line_of_the_marker()
    {
        var lines = ResultsFileWriter.Format(Sample()).Split('\n').ToList();
        var pointLine = lines.FindIndex(l => l.Contains("solver=Omp\"", StringComparison.Ordinal));
        lines.Insert(pointLine, "<<<<<<< HEAD");

        var e = Assert.Throws<ResultsFileFormatException>(() => ResultsFileReader.Parse(string.Join('\n', lines), "Lab/Study.Run.results.json"));

        Assert.Equal(pointLine + 1, e.Line);
        Assert.StartsWith($"Lab/Study.Run.results.json:{pointLine + 1}: not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_with_a_missing_field_is_reported_with_its_line_and_the_field()
    {
        var lines = ResultsFileWriter.Format(Sample()).Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains("\"key\":\"delta=0.1;solver=Omp\"", StringComparison.Ordinal));
        lines[index] = lines[index].Replace("\"status\":\"succeeded\",", "", StringComparison.Ordinal);

        var e = Assert.Throws<ResultsFileFormatException>(() => ResultsFileReader.Parse(string.Join('\n', lines), "Study.Run.results.json"));

        Assert.Equal($"Study.Run.results.json:{index + 1}: missing \"status\".", e.Message);
    }

    [Fact]
    public void A_point_with_an_invalid_status_names_the_valid_ones()
    {
        var text = ResultsFileWriter.Format(Sample()).Replace("\"status\":\"failed\"", "\"status\":\"broken\"", StringComparison.Ordinal);

        var e = Assert.Throws<ResultsFileFormatException>(() => ResultsFileReader.Parse(text, "f.results.json"));

        Assert.Contains("point status \"broken\" is not valid; valid: \"succeeded\", \"failed\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_appears_twice_is_reported_with_both_lines()
    {
        var lines = ResultsFileWriter.Format(Sample()).Split('\n').ToList();
        var index = lines.FindIndex(l => l.Contains("\"key\":\"delta=0.1;solver=Omp\"", StringComparison.Ordinal));
        lines.Insert(index + 1, lines[index]);

        var e = Assert.Throws<ResultsFileFormatException>(() => ResultsFileReader.Parse(string.Join('\n', lines), "f.results.json"));

        Assert.Equal(
            $"f.results.json:{index + 2}: point \"delta=0.1;solver=Omp\" appears more than once (lines {index + 1} and {index + 2}); keep one line per key.",
            e.Message);
    }

    [Fact]
    public void A_file_cut_off_in_the_middle_is_reported_with_the_file_and_a_line()
    {
        var text = ResultsFileWriter.Format(Sample());
        var cut = text[..(text.Length / 2)];

        var e = Assert.Throws<ResultsFileFormatException>(() => ResultsFileReader.Parse(cut, "f.results.json"));

        Assert.NotNull(e.Line);
        Assert.StartsWith("f.results.json:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_schema_version_is_refused_with_what_this_version_reads()
    {
        var text = ResultsFileWriter.Format(Sample()).Replace("\"schema\": 2", "\"schema\": 3", StringComparison.Ordinal);

        var e = Assert.Throws<ResultsFileFormatException>(() => ResultsFileReader.Parse(text, "f.results.json"));

        Assert.Equal("f.results.json:2: results schema 3 is not supported; this version reads schema 1 to 2. Use the matching version of the Experiments tool.", e.Message);
    }

    [Fact]
    public void A_streamed_file_gives_the_header_first_and_the_points_one_by_one_in_file_order()
    {
        using var temp = new TempDirectory("results");
        var path = temp.Combine("Study.Run.results.json");
        ResultsFileWriter.Write(path, Sample());

        using var stream = ResultsFileReader.Open(path, "Study.Run.results.json");

        Assert.Equal(("Lab.Study.Run", 2, 2), (stream.Header.Experiment, stream.Header.Runs.Count, stream.Header.Schema));
        Assert.Equal(Sample().Points.Select(p => p.Key), stream.ReadPoints().Select(p => p.Key));
    }

    [Fact]
    public void A_file_larger_than_the_read_buffer_streams_with_the_right_line_numbers_in_messages()
    {
        var sample = Sample();
        var many = Enumerable.Range(0, 20_000).Select(i => sample.Points[1] with { Key = $"delta=0.1;solver=Omp;i={i}" }).ToArray();
        var lines = ResultsFileWriter.Format(sample with { Points = many }).Split('\n').ToList();
        var broken = lines.FindIndex(l => l.Contains("i=15000\"", StringComparison.Ordinal));
        lines[broken] = lines[broken].Replace("\"status\":\"succeeded\"", "\"status\":\"done\"", StringComparison.Ordinal);

        var e = Assert.Throws<ResultsFileFormatException>(() => ResultsFileReader.Parse(string.Join('\n', lines), "big.results.json"));

        Assert.Equal(broken + 1, e.Line);
    }

    [Theory]
    [InlineData("Lab.PhaseTransition", "Run", "PhaseTransition.Run.results.json")]
    [InlineData("PhaseTransition", "Run", "PhaseTransition.Run.results.json")]
    [InlineData("Lab.Outer+Inner", "Go", "Outer.Inner.Go.results.json")]
    public void The_file_is_named_after_the_simple_type_name_and_the_method(string type, string method, string expected) =>
        Assert.Equal(expected, ResultsFile.FileNameFor(type, method));
}
