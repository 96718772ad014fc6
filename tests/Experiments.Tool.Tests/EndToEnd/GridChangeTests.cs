namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>Editing an experiment's grid between runs: keys that leave the grid are kept and marked stale.</summary>
[Collection(SweepsCollection.Name)]
public sealed class GridChangeTests
{
    private readonly SweepsProject _sweeps;

    public GridChangeTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Points_that_leave_the_grid_are_kept_and_marked_stale_and_the_rest_are_replaced()
    {
        var source = Path.Combine(_sweeps.Directory, "Regrid.cs");
        try
        {
            File.WriteAllText(source, Regrid("1, 2, 3"));
            var first = await _sweeps.Tool.RunAsync("run", "Regrid.Scale", "-m", "before the edit");
            Assert.True(first.ExitCode == 0, first.ToString());

            File.WriteAllText(source, Regrid("1, 2, 4"));
            var second = await _sweeps.Tool.RunAsync("run", "Regrid.Scale", "-m", "after the edit");
            Assert.True(second.ExitCode == 0, second.ToString());

            var file = ResultsText.Read(_sweeps.ResultsFile("Regrid.Scale"));
            // Grid order, then the stale key.
            Assert.Equal(["k=1", "k=2", "k=4", "k=3"], file.Points.Select(p => p.Key));
            Assert.Equal([false, false, false, true], file.Points.Select(p => p.Stale));
            Assert.Equal(["before the edit", "after the edit"], file.Runs.Select(r => r.Message));
            var after = file.Runs[1].Id;
            var runs = ResultsText.RunByKey(_sweeps.ResultsFile("Regrid.Scale"));
            Assert.Equal([after, after, after, file.Runs[0].Id], file.Points.Select(p => runs[p.Key]));
            Assert.Equal([1, 2, 4], file.Axes.Single().Values.Select(v => v.GetInt32()));
            Assert.Contains("{\"key\":\"k=3\",\"status\":\"succeeded\",\"stale\":true,", File.ReadAllText(_sweeps.ResultsFile("Regrid.Scale")), StringComparison.Ordinal);
        }
        finally
        {
            // The other tests of the collection use the shared build with --no-build: rebuild it without the file.
            File.Delete(source);
            var rebuild = await _sweeps.Tool.RunAsync("list");
            Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        }
    }

    private static string Regrid(string values) => $$"""
        using Experiments;

        namespace Sweeps;

        public static class Regrid
        {
            [Experiment]
            public static int Scale([Grid({{values}})] int k) => 10 * k;
        }
        """;
}
