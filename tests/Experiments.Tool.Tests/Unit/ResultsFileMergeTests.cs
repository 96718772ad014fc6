using System.Text.Json;
using Experiments.Points;
using Experiments.Schema;
using Experiments.TestSupport;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

public class ResultsFileMergeTests
{
    private static readonly ManifestExperiment Grid = TestManifests.Experiment(
        "Lab.Study.Run", axes: [("a", "int", ["1", "2", "10"]), ("mode", "string", ["x", "y"])]);

    [Fact]
    public void A_first_merge_takes_header_and_grid_from_the_manifest_and_orders_points_as_the_grid()
    {
        var merged = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=2;mode=x"), Point("a=10;mode=y"), Point("a=1;mode=y")]);

        Assert.Equal(ResultsFile.CurrentSchema, merged.Schema);
        Assert.Equal("Lab.Study.Run", merged.Experiment);
        Assert.Equal(Grid.GridHash, merged.GridHash);
        Assert.Equal(["a", "mode"], merged.Axes.Select(a => a.Name));
        // Grid order, not text order: a=10 is the grid's last value, so it comes last (text order put it first).
        Assert.Equal(["a=1;mode=y", "a=2;mode=x", "a=10;mode=y"], merged.Points.Select(p => p.Key));
        Assert.Equal(["r1"], merged.Runs.Select(r => r.Id));
        Assert.All(merged.Points, p => Assert.False(p.Stale));
    }

    [Fact]
    public void Replicates_are_ordered_0_1_2_to_10_and_stale_keys_follow_in_natural_order()
    {
        var grid = TestManifests.Experiment("Lab.Study.Reps", axes: [("replicate", "int", Enumerable.Range(0, 11).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())]);
        var keys = Enumerable.Range(0, 11).Select(i => $"replicate={i}").Reverse();
        var stale = new[] { "replicate=100", "replicate=20", "replicate=13" };

        var merged = ResultsFileMerge.Merge(null, grid, Run("r1"), keys.Concat(stale).Select(k => Point(k)));

        Assert.Equal(
            [.. Enumerable.Range(0, 11).Select(i => $"replicate={i}"), "replicate=13", "replicate=20", "replicate=100"],
            merged.Points.Select(p => p.Key));
        Assert.Equal([.. Enumerable.Repeat(false, 11), true, true, true], merged.Points.Select(p => p.Stale));
    }

    [Fact]
    public void A_rerun_point_replaces_its_line_and_other_points_keep_theirs()
    {
        var first = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=1;mode=x", result: 1), Point("a=2;mode=x", result: 2)]);

        var second = ResultsFileMerge.Merge(first, Grid, Run("r2"), [Point("a=2;mode=x", result: 20)]);

        Assert.Equal(2, second.Points.Count);
        Assert.Equal(20, second.Points.Single(p => p.Key == "a=2;mode=x").Result!.Value.GetInt32());
        Assert.Equal(1, second.Points.Single(p => p.Key == "a=1;mode=x").Result!.Value.GetInt32());
        Assert.Equal(["r1", "r2"], second.Runs.Select(r => r.Id));
    }

    [Fact]
    public void Every_run_stays_in_the_runs_list_even_when_its_points_were_all_run_again()
    {
        var first = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=1;mode=x")]);

        var second = ResultsFileMerge.Merge(first, Grid, Run("r2"), [Point("a=1;mode=x")]);

        Assert.Equal(["r1", "r2"], second.Runs.Select(r => r.Id));
        Assert.Single(second.Points);
    }

    [Fact]
    public void Merging_the_same_run_twice_replaces_the_run_instead_of_listing_it_twice()
    {
        var first = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=1;mode=x")]);

        var again = ResultsFileMerge.Merge(first, Grid, Run("r1", message: "collected again"), [Point("a=2;mode=x")]);

        Assert.Equal("collected again", Assert.Single(again.Runs).Message);
        Assert.Equal(2, again.Points.Count);
    }

    [Fact]
    public void Keys_no_longer_in_the_grid_are_kept_and_marked_stale_and_unmarked_when_the_grid_has_them_again()
    {
        var before = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=1;mode=x"), Point("a=2;mode=y")]);
        var shrunk = TestManifests.Experiment("Lab.Study.Run", axes: [("a", "int", ["1", "3"]), ("mode", "string", ["x", "y"])]);

        var after = ResultsFileMerge.Merge(before, shrunk, Run("r2"), [Point("a=3;mode=x")]);

        Assert.Equal(["a=1;mode=x", "a=3;mode=x", "a=2;mode=y"], after.Points.Select(p => p.Key));
        Assert.Equal([false, false, true], after.Points.Select(p => p.Stale));
        Assert.Equal(shrunk.GridHash, after.GridHash);

        var restored = ResultsFileMerge.Merge(after, Grid, Run("r3"), []);
        Assert.False(restored.Points.Single(p => p.Key == "a=2;mode=y").Stale);
        Assert.True(restored.Points.Single(p => p.Key == "a=3;mode=x").Stale);
    }

    [Fact]
    public void The_streaming_merge_writes_what_the_in_memory_merge_writes_and_a_rerun_changes_only_its_line_and_the_runs()
    {
        using var temp = new TempDirectory("merge");
        var path = temp.Combine("Study.Run.results.json");
        var all = new[] { "a=1;mode=x", "a=1;mode=y", "a=2;mode=x", "a=2;mode=y", "a=10;mode=x", "a=10;mode=y" };
        ResultsFileStreamingMerge.MergeInto(path, "Study.Run.results.json", Grid, Run("r1"), all.Reverse().Select(k => Point(k, result: 1)).ToArray());
        var first = File.ReadAllText(path);
        Assert.Equal(ResultsFileWriter.Format(ResultsFileMerge.Merge(null, Grid, Run("r1"), all.Select(k => Point(k, result: 1)))), first);

        var outcome = ResultsFileStreamingMerge.MergeInto(path, "Study.Run.results.json", Grid, Run("r2"), [Point("a=2;mode=y", result: 7)]);

        Assert.Equal(6, outcome.PointsInFile);
        var second = File.ReadAllText(path);
        var changed = second.Split('\n').Except(first.Split('\n')).ToArray();
        Assert.Contains("  {\"key\":\"a=2;mode=y\",\"status\":\"succeeded\",\"result\":7},", changed);
        Assert.All(changed, line => Assert.True(line.Contains("a=2;mode=y", StringComparison.Ordinal) || !line.Contains("\"key\"", StringComparison.Ordinal), line));
        Assert.Equal(["r1", "r2"], ResultsFileReader.Parse(second, "f").Runs.Select(r => r.Id));
    }

    [Fact]
    public void A_file_out_of_order_by_a_hand_edit_is_merged_all_the_same_and_put_back_in_order()
    {
        using var temp = new TempDirectory("merge");
        var path = temp.Combine("Study.Run.results.json");
        ResultsFileStreamingMerge.MergeInto(path, "f", Grid, Run("r1"), [Point("a=1;mode=x"), Point("a=2;mode=x"), Point("a=10;mode=x")]);
        var lines = File.ReadAllLines(path).ToList();
        var first = lines.FindIndex(l => l.Contains("a=1;mode=x", StringComparison.Ordinal));
        (lines[first], lines[first + 2]) = (lines[first + 2].TrimEnd(',') + ",", lines[first].TrimEnd(','));
        File.WriteAllText(path, string.Join('\n', lines) + "\n");

        ResultsFileStreamingMerge.MergeInto(path, "f", Grid, Run("r2"), [Point("a=2;mode=y")]);

        Assert.Equal(["a=1;mode=x", "a=2;mode=x", "a=2;mode=y", "a=10;mode=x"], ResultsFileReader.ReadIfExists(path)!.Points.Select(p => p.Key));
    }

    [Fact]
    public void A_schema_1_file_is_read_and_the_next_write_upgrades_it_moving_its_durations_out_of_the_file()
    {
        using var temp = new TempDirectory("merge");
        var path = temp.Combine("Study.Run.results.json");
        var seed = Seeds.Derive("Lab.Study.Run", "a=1;mode=x");
        File.WriteAllText(path, $$$"""
            {
              "schema": 1,
              "experiment": "Lab.Study.Run",
              "gridHash": "{{{Grid.GridHash}}}",
              "axes": [
                {"name":"a","type":"int","kind":"grid","values":[1,2,10]},
                {"name":"mode","type":"string","kind":"grid","values":["x","y"]}
              ],
              "runs": [
                {
                  "id": "20261121-143005-3f2a",
                  "backend": "local",
                  "startedAt": "2026-11-21T14:30:05.000Z",
                  "toolVersion": "0.1.0",
                  "dotnetVersion": "10.0.0",
                  "os": "Test OS"
                }
              ],
              "points": [
                {"key":"a=10;mode=x","status":"failed","parameters":{"a":10,"mode":"x"},"seed":5,"attempts":3,"duration":2.5,"run":"20261121-143005-3f2a","error":{"kind":"exception","message":"boom"}},
                {"key":"a=1;mode=x","status":"succeeded","parameters":{"a":1,"mode":"x"},"seed":{{{seed}}},"attempts":1,"duration":0.25,"run":"20261121-143005-3f2a","result":{"value":1}}
              ]
            }
            """);
        var old = ResultsFileReader.ReadIfExists(path)!;
        Assert.Equal(1, old.Schema);
        Assert.Equal(["a=10;mode=x", "a=1;mode=x"], old.Points.Select(p => p.Key));
        Assert.Equal((3, 5), (old.Points[0].Attempts, old.Points[0].Seed));

        var outcome = ResultsFileStreamingMerge.MergeInto(path, "f", Grid, Run("20261122-090000-0b1c"), [Point("a=2;mode=x")]);

        var upgraded = ResultsFileReader.ReadIfExists(path)!;
        Assert.Equal(2, upgraded.Schema);
        Assert.Equal(["a=1;mode=x", "a=2;mode=x", "a=10;mode=x"], upgraded.Points.Select(p => p.Key));
        Assert.Equal("{\"a\":10,\"mode\":\"x\"}", upgraded.Points[2].Parameters.GetRawText());
        Assert.Equal((3, 5, "boom"), (upgraded.Points[2].Attempts, upgraded.Points[2].Seed, upgraded.Points[2].Error!.Message));
        Assert.Equal(seed, upgraded.Points[0].Seed);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("\"duration\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"parameters\"", text, StringComparison.Ordinal);
        Assert.Contains("{\"key\":\"a=1;mode=x\",\"status\":\"succeeded\",\"result\":{\"value\":1}}", text, StringComparison.Ordinal);
        // The old run keeps what planning needs: its points' count and median seconds, made from the old lines.
        Assert.Equal(new ResultsFileRunPoints(2, 1, 0.25, 0.25, 0.25, 0.25), upgraded.Runs[0].Recorded);
        Assert.Equal([("a=10;mode=x", 2.5), ("a=1;mode=x", 0.25)], outcome.Upgraded.Select(e => (e.Key, e.Seconds)));
    }

    internal static ResultsFileRun Run(string id, string? message = null) => new(
        id, "pkg0123456789abc", null, null, "local",
        new DateTimeOffset(2026, 11, 21, 14, 30, 5, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 21, 14, 31, 0, TimeSpan.Zero),
        message, null, "0.1.0", "10.0.0", "Test OS");

    internal static ResultsFilePoint Point(string key, int result = 0, bool failed = false) => new(
        key,
        failed ? ResultsFilePoint.Failed : ResultsFilePoint.Succeeded,
        false,
        JsonSerializer.SerializeToElement(new { key }),
        Seeds.Derive("Lab.Study.Run", key),
        1,
        failed ? null : JsonSerializer.SerializeToElement(result),
        failed ? new ResultsFileError("exception", "System.Exception", "boom", null) : null);
}
