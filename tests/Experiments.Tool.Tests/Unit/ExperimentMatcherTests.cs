using Experiments.Tool.Errors;
using Experiments.Tool.Selection;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

public class ExperimentMatcherTests
{
    private static readonly IReadOnlyList<Registry.ExperimentDescriptor> Experiments = TestManifests.Descriptors(
        TestManifests.Experiment("Lab.PhaseTransition.Run", axes: [("n", "int", ["1"])]),
        TestManifests.Experiment("Lab.Other.Run", axes: [("n", "int", ["1"])]),
        TestManifests.Experiment("Lab.Other.Sum", axes: [("n", "int", ["1"])]),
        TestManifests.Experiment("Lab.Outer+Inner.Go", axes: [("n", "int", ["1"])]));

    [Theory]
    [InlineData("Lab.PhaseTransition.Run", "Lab.PhaseTransition.Run")]
    [InlineData("PhaseTransition.Run", "Lab.PhaseTransition.Run")]
    [InlineData("Sum", "Lab.Other.Sum")]
    [InlineData("Other.Sum", "Lab.Other.Sum")]
    [InlineData("Inner.Go", "Lab.Outer+Inner.Go")]
    [InlineData(" Sum ", "Lab.Other.Sum")]
    public void A_full_name_or_a_unique_suffix_at_a_name_boundary_matches(string pattern, string expected) =>
        Assert.Equal(expected, ExperimentMatcher.Match(Experiments, pattern).Name);

    [Fact]
    public void An_ambiguous_suffix_lists_the_experiments_it_matches()
    {
        var e = Assert.Throws<UserException>(() => ExperimentMatcher.Match(Experiments, "Run"));

        Assert.Equal("'Run' matches 2 experiments; use a longer suffix or the full name:", e.Message);
        Assert.Equal(["Lab.PhaseTransition.Run", "Lab.Other.Run"], e.Details);
    }

    [Fact]
    public void A_suffix_inside_a_name_is_not_a_match_and_the_valid_names_are_listed()
    {
        var e = Assert.Throws<UserException>(() => ExperimentMatcher.Match(Experiments, "um"));

        Assert.Equal("Unknown experiment 'um'. The experiments in this project are:", e.Message);
        Assert.Equal(["Lab.PhaseTransition.Run", "Lab.Other.Run", "Lab.Other.Sum", "Lab.Outer+Inner.Go"], e.Details);
    }

    [Fact]
    public void A_name_with_the_wrong_case_suggests_the_right_one()
    {
        var e = Assert.Throws<UserException>(() => ExperimentMatcher.Match(Experiments, "other.sum"));

        Assert.StartsWith("Unknown experiment 'other.sum'. Names are case-sensitive; did you mean Lab.Other.Sum?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_names_select_each_experiment_once_in_manifest_order()
    {
        var chosen = ExperimentMatcher.MatchAll(Experiments, ["Sum", "PhaseTransition.Run", "Lab.Other.Sum"]);

        Assert.Equal(["Lab.PhaseTransition.Run", "Lab.Other.Sum"], chosen.Select(e => e.Name));
    }
}
