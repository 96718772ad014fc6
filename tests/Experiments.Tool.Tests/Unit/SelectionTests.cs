using Experiments.Registry;
using Experiments.Schema;
using Experiments.Tool.Errors;
using Experiments.Tool.Selection;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

public class SelectionTests
{
    private static readonly ExperimentDescriptor Phase = TestManifests.Descriptor(TestManifests.Experiment(
        "Lab.PhaseTransition.Run",
        axes: [("delta", "double", ["0.1", "0.5", "0.9"]), ("rho", "double", ["0.02", "0.04"]), ("solver", "Lab.Solver", ["Omp", "Ista"])]));

    private static readonly ExperimentDescriptor Other = TestManifests.Descriptor(TestManifests.Experiment(
        "Lab.Other.Run", axes: [("n", "int", ["1", "2", "3"]), ("label", "string", ["a,b", "plain"])]));

    private static readonly ExperimentDescriptor Noise = TestManifests.Descriptor(TestManifests.Experiment(
        "Lab.Noise.Measure", axes: [("delta", "double", ["0.5", "1"])]));

    private static readonly IReadOnlyList<ExperimentDescriptor> All = [Phase, Other, Noise];

    [Fact]
    public void Where_clauses_on_different_axes_must_all_hold_and_values_of_one_axis_add_up()
    {
        var selection = Select(["PhaseTransition.Run"], where: ["delta=0.5,0.9", "solver=Omp", "delta=0.1"]);

        var keys = Keys(selection.Single());
        Assert.Equal(6, keys.Length);
        Assert.All(keys, k => Assert.EndsWith("solver=Omp", k, StringComparison.Ordinal));
        Assert.Equal(["0.1", "0.5", "0.9"], keys.Select(k => k.Split(';')[0][6..]).Distinct());
    }

    [Fact]
    public void Values_match_by_meaning_not_only_by_text()
    {
        var selection = Select(["Lab.PhaseTransition.Run"], where: ["delta=0.50", "rho=2e-2", "solver=omp"]);

        Assert.Equal(["delta=0.5;rho=0.02;solver=Omp"], Keys(selection.Single()));
    }

    [Fact]
    public void With_no_experiment_named_where_picks_the_experiments_that_have_the_axis()
    {
        var selection = PointSelector.Select(All, [], [WhereClause.Parse("delta=0.5")], []);

        Assert.Equal(["Lab.PhaseTransition.Run", "Lab.Noise.Measure"], selection.Select(s => s.Experiment.Name));
        Assert.Equal(["delta=0.5"], Keys(selection[1]));
    }

    [Fact]
    public void An_unknown_axis_names_the_experiment_and_its_axes()
    {
        var e = Assert.Throws<UserException>(() => Select(["Lab.PhaseTransition.Run"], where: ["sigma=1"]));

        Assert.Equal("Unknown axis 'sigma' in --where: Lab.PhaseTransition.Run has no such axis. Its axes are: delta, rho, solver.", e.Message);
    }

    [Fact]
    public void An_axis_no_experiment_has_lists_every_experiments_axes()
    {
        var e = Assert.Throws<UserException>(() => PointSelector.Select(All, [], [WhereClause.Parse("sigma=1")], []));

        Assert.Equal("Unknown axis 'sigma' in --where: no experiment has it. The axes are:", e.Message);
        Assert.Equal(["Lab.PhaseTransition.Run: delta, rho, solver", "Lab.Other.Run: n, label", "Lab.Noise.Measure: delta"], e.Details);
    }

    [Fact]
    public void An_unknown_value_lists_the_valid_values_of_the_axis()
    {
        var e = Assert.Throws<UserException>(() => Select(["Lab.PhaseTransition.Run"], where: ["delta=0.5,0.7"]));

        Assert.Equal(
            "Unknown value '0.7' for axis 'delta' (double) in --where delta=0.5,0.7. Valid values of Lab.PhaseTransition.Run's 'delta': 0.1, 0.5, 0.9.",
            e.Message);
    }

    [Fact]
    public void A_value_with_a_comma_is_written_in_quotes_as_in_keys()
    {
        var selection = Select(["Other.Run"], where: ["label=\"a,b\"", "n=2"]);

        Assert.Equal(["n=2;label=\"a,b\""], Keys(selection.Single()));
    }

    [Theory]
    [InlineData("delta", "--where 'delta' has no '='. Write AXIS=VALUE[,VALUE…], e.g. --where delta=0.5,0.6.")]
    [InlineData("=0.5", "--where '=0.5' names no axis before '='. Write AXIS=VALUE[,VALUE…], e.g. --where delta=0.5,0.6.")]
    [InlineData("delta=", "--where 'delta=' lists no values after '='. Write AXIS=VALUE[,VALUE…], e.g. --where delta=0.5,0.6.")]
    [InlineData("delta=0.5,", "--where 'delta=0.5,' has an empty value; quote it (\"\") if you mean the empty string. Write AXIS=VALUE[,VALUE…], e.g. --where delta=0.5,0.6.")]
    [InlineData("label=\"a,b", "--where 'label=\"a,b': a quoted value is not closed with '\"'.")]
    public void A_malformed_where_says_what_is_wrong_and_how_to_write_it(string text, string message) =>
        Assert.Equal(message, Assert.Throws<UserException>(() => WhereClause.Parse(text)).Message);

    [Fact]
    public void Where_values_are_trimmed_and_quoted_values_keep_their_spaces()
    {
        var clause = WhereClause.Parse("label = a , \" b \",\"x\\\"y\"");

        Assert.Equal("label", clause.Axis);
        Assert.Equal(["a", " b ", "x\"y"], clause.Values);
    }

    [Fact]
    public void A_point_key_selects_one_point_with_axes_in_any_order_and_values_by_meaning()
    {
        var selection = Select([], points: ["solver=Ista;delta=0.90;rho=0.04"]);

        Assert.Equal("Lab.PhaseTransition.Run", selection.Single().Experiment.Name);
        Assert.Equal(["delta=0.9;rho=0.04;solver=Ista"], Keys(selection.Single()));
    }

    [Fact]
    public void Points_and_where_combine_as_filters()
    {
        var e = Assert.Throws<UserException>(() => Select([], points: ["delta=0.1;rho=0.02;solver=Omp"], where: ["delta=0.5"]));

        Assert.StartsWith("The --where and --point filters leave no points to run.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_point_key_explains_the_key_format()
    {
        var e = Assert.Throws<UserException>(() => Select([], points: ["delta"]));

        Assert.Equal(
            "--point 'delta' is not a point key: Expected 'name=value' at position 0 of point key 'delta'. Write AXIS=VALUE;AXIS=VALUE… naming every axis, e.g. --point \"delta=0.1;rho=0.02;solver=Omp\".",
            e.Message);
    }

    [Fact]
    public void A_point_key_missing_an_axis_of_the_experiment_names_what_is_missing_and_unknown()
    {
        var e = Assert.Throws<UserException>(() => Select(["PhaseTransition.Run"], points: ["delta=0.5;sigma=1"]));

        Assert.Equal(
            "--point 'delta=0.5;sigma=1' does not fit Lab.PhaseTransition.Run: unknown axis 'sigma'; missing axis 'rho', 'solver'. Its axes are: delta, rho, solver. Write AXIS=VALUE;AXIS=VALUE… naming every axis, e.g. --point \"delta=0.1;rho=0.02;solver=Omp\".",
            e.Message);
    }

    [Fact]
    public void A_point_key_with_a_value_off_the_grid_lists_the_axis_values()
    {
        var e = Assert.Throws<UserException>(() => Select([], points: ["delta=0.3;rho=0.02;solver=Omp"]));

        Assert.Equal("--point 'delta=0.3;rho=0.02;solver=Omp': '0.3' is not a value of axis 'delta' of Lab.PhaseTransition.Run. Valid values: 0.1, 0.5, 0.9.", e.Message);
    }

    [Fact]
    public void A_point_key_that_fits_several_experiments_asks_for_the_experiment()
    {
        var twin = TestManifests.Descriptor(TestManifests.Experiment("Lab.Twin.Measure", axes: [("delta", "double", ["0.5"])]));

        var e = Assert.Throws<UserException>(() => PointSelector.Select([Noise, twin], [], [], ["delta=0.5"]));

        Assert.Equal(["Lab.Noise.Measure", "Lab.Twin.Measure"], e.Details);
    }

    [Fact]
    public void An_axis_given_twice_in_a_point_key_is_refused() =>
        Assert.Contains("gives axis 'n' more than once", Assert.Throws<UserException>(() => Select(["Other.Run"], points: ["n=1;n=2;label=plain"])).Message, StringComparison.Ordinal);

    [Fact]
    public void The_whole_grid_is_selected_without_enumerating_it()
    {
        var selection = Select(["Lab.PhaseTransition.Run"]).Single();

        Assert.True(selection.IsWholeGrid);
        Assert.IsType<IndexRange>(selection.Points);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), selection.Points);
    }

    [Fact]
    public void A_million_value_range_is_selected_by_computing_positions_with_the_keys_it_always_had()
    {
        var sweep = TestManifests.Descriptor(new ManifestExperiment(
            "Lab.Sweep.Run", "Lab.Sweep", "Run", "Sweep.cs", true,
            [
                new ManifestAxis("rho", "double", "range", ResultsFileAxes.Values("double", new ResultsFileAxes.Arithmetic(0.02m, 0.02m, 1_000_000))),
                new ManifestAxis("replicate", "int", "replicates", ResultsFileAxes.Values("int", new ResultsFileAxes.Arithmetic(0m, 1m, 1_000_000))),
            ],
            1_000_000_000_000, "hash", new ManifestResources(null, 0, 1, null, null, 0)));

        var byText = PointSelector.Select([sweep], [], [WhereClause.Parse("rho=0.06"), WhereClause.Parse("replicate=999999,0")], []).Single();
        Assert.Equal(["rho=0.06;replicate=0", "rho=0.06;replicate=999999"], byText.Points.Select(sweep.KeyOf));
        var byMeaning = PointSelector.Select([sweep], [], [WhereClause.Parse("rho=6e-2, 0.060 ,20000.00"), WhereClause.Parse("replicate=7")], []).Single();
        Assert.Equal(["rho=0.06;replicate=7", "rho=20000;replicate=7"], byMeaning.Points.Select(sweep.KeyOf));
        var byKey = PointSelector.Select([sweep], [], [], ["replicate=12;rho=0.98"]).Single();
        Assert.Equal(["rho=0.98;replicate=12"], byKey.Points.Select(sweep.KeyOf));

        var e = Assert.Throws<UserException>(() => PointSelector.Select([sweep], [], [WhereClause.Parse("rho=0.07")], []));
        Assert.Equal(
            "Unknown value '0.07' for axis 'rho' (double) in --where rho=0.07. Valid values of Lab.Sweep.Run's 'rho': 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.32, 0.34, 0.36, 0.38, 0.4, … (999980 more).",
            e.Message);
        Assert.Throws<UserException>(() => PointSelector.Select([sweep], [], [WhereClause.Parse("replicate=1000000")], []));
        Assert.Throws<UserException>(() => PointSelector.Select([sweep], [], [WhereClause.Parse("replicate=-1")], []));
        Assert.Throws<UserException>(() => PointSelector.Select([sweep], [], [WhereClause.Parse("replicate=1.5")], []));
    }

    private static IReadOnlyList<ExperimentSelection> Select(
        IReadOnlyList<string> names, IReadOnlyList<string>? where = null, IReadOnlyList<string>? points = null) =>
        PointSelector.Select(All, names, (where ?? []).Select(WhereClause.Parse).ToArray(), points ?? []);

    private static string[] Keys(ExperimentSelection selection) => selection.Points.Select(selection.Experiment.KeyOf).ToArray();
}
