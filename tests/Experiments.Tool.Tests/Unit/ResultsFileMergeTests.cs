using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

public class ResultsFileMergeTests
{
    private static readonly ManifestExperiment Grid = TestManifests.Experiment(
        "Lab.Study.Run", axes: [("a", "int", ["1", "2", "10"]), ("mode", "string", ["x", "y"])]);

    [Fact]
    public void A_first_merge_takes_header_and_grid_from_the_manifest_and_sorts_points_by_key_ordinal()
    {
        var merged = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=2;mode=x", "r1"), Point("a=10;mode=y", "r1"), Point("a=1;mode=y", "r1")]);

        Assert.Equal(ResultsFile.CurrentSchema, merged.Schema);
        Assert.Equal("Lab.Study.Run", merged.Experiment);
        Assert.Equal(Grid.GridHash, merged.GridHash);
        Assert.Equal(["a", "mode"], merged.Axes.Select(a => a.Name));
        // Ordinal: "a=10;" sorts before "a=1;" ('0' < ';') and "a=2" — the order is the text's, the same on every machine.
        Assert.Equal(["a=10;mode=y", "a=1;mode=y", "a=2;mode=x"], merged.Points.Select(p => p.Key));
        Assert.Equal(["r1"], merged.Runs.Select(r => r.Id));
        Assert.All(merged.Points, p => Assert.False(p.Stale));
    }

    [Fact]
    public void A_rerun_point_replaces_its_line_and_other_points_keep_theirs()
    {
        var first = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=1;mode=x", "r1", result: 1), Point("a=2;mode=x", "r1", result: 2)]);

        var second = ResultsFileMerge.Merge(first, Grid, Run("r2"), [Point("a=2;mode=x", "r2", result: 20)]);

        Assert.Equal(2, second.Points.Count);
        var replaced = second.Points.Single(p => p.Key == "a=2;mode=x");
        Assert.Equal("r2", replaced.Run);
        Assert.Equal(20, replaced.Result!.Value.GetInt32());
        var kept = second.Points.Single(p => p.Key == "a=1;mode=x");
        Assert.Equal("r1", kept.Run);
        Assert.Equal(["r1", "r2"], second.Runs.Select(r => r.Id));
    }

    [Fact]
    public void A_run_none_of_whose_points_remain_is_dropped_from_the_runs()
    {
        var first = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=1;mode=x", "r1")]);

        var second = ResultsFileMerge.Merge(first, Grid, Run("r2"), [Point("a=1;mode=x", "r2")]);

        Assert.Equal(["r2"], second.Runs.Select(r => r.Id));
        Assert.Single(second.Points);
    }

    [Fact]
    public void Merging_the_same_run_twice_replaces_the_run_instead_of_listing_it_twice()
    {
        var first = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=1;mode=x", "r1")]);

        var again = ResultsFileMerge.Merge(first, Grid, Run("r1", message: "collected again"), [Point("a=2;mode=x", "r1")]);

        Assert.Equal("collected again", Assert.Single(again.Runs).Message);
        Assert.Equal(2, again.Points.Count);
    }

    [Fact]
    public void Keys_no_longer_in_the_grid_are_kept_and_marked_stale_and_unmarked_when_the_grid_has_them_again()
    {
        var before = ResultsFileMerge.Merge(null, Grid, Run("r1"), [Point("a=1;mode=x", "r1"), Point("a=2;mode=y", "r1")]);
        var shrunk = TestManifests.Experiment("Lab.Study.Run", axes: [("a", "int", ["1", "3"]), ("mode", "string", ["x", "y"])]);

        var after = ResultsFileMerge.Merge(before, shrunk, Run("r2"), [Point("a=3;mode=x", "r2")]);

        Assert.Equal(["a=1;mode=x", "a=2;mode=y", "a=3;mode=x"], after.Points.Select(p => p.Key));
        Assert.Equal([false, true, false], after.Points.Select(p => p.Stale));
        Assert.Equal(["r1", "r2"], after.Runs.Select(r => r.Id)); // r1 still explains the stale line
        Assert.Equal(shrunk.GridHash, after.GridHash);

        var restored = ResultsFileMerge.Merge(after, Grid, Run("r3"), []);
        Assert.False(restored.Points.Single(p => p.Key == "a=2;mode=y").Stale);
        Assert.True(restored.Points.Single(p => p.Key == "a=3;mode=x").Stale);
    }

    internal static ResultsFileRun Run(string id, string? message = null) => new(
        id, "pkg0123456789abc", null, null, "local",
        new DateTimeOffset(2026, 11, 21, 14, 30, 5, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 21, 14, 31, 0, TimeSpan.Zero),
        message, null, "0.1.0", "10.0.0", "Test OS");

    internal static ResultsFilePoint Point(string key, string run, int result = 0, bool failed = false) => new(
        key,
        failed ? ResultsFilePoint.Failed : ResultsFilePoint.Succeeded,
        false,
        JsonSerializer.SerializeToElement(new { key }),
        42,
        1,
        0.5,
        run,
        failed ? null : JsonSerializer.SerializeToElement(result),
        failed ? new ResultsFileError("exception", "System.Exception", "boom", null) : null);
}
