using Experiments.Registry;
using Experiments.Tests.Support;
using Experiments.Xunit;

namespace Experiments.Tests.Xunit;

public sealed class PointDisplayNameTests
{
    [Fact]
    public void Names_each_parameter_with_its_canonical_value()
    {
        var shape = SampleStudyRunExperiment.Shape;

        Assert.Equal("Run(delta: 0.1, replicate: 0, solver: Omp)", PointDisplayName.Format("Run", shape, 0));
        Assert.Equal("Run(delta: 0.5, replicate: 2, solver: Lasso)", PointDisplayName.Format("Run", shape, shape.PointCount - 1));
    }

    [Fact]
    public void Quotes_strings_and_chars_as_csharp_does()
    {
        var descriptor = Axes.Descriptor(
            typeof(SampleStudy),
            "Labels",
            [Axes.Grid("label", "string", "a;b", "", "say \"hi\"\n", @"C:\x"), Axes.Grid("mark", "char", 'q', '\'')]);

        string[] names = Enumerable.Range(0, (int)descriptor.PointCount).Select(i => PointDisplayName.Format("L", descriptor, i)).ToArray();

        Assert.Equal(
            [
                "L(label: \"a;b\", mark: 'q')",
                "L(label: \"a;b\", mark: '\\'')",
                "L(label: \"\", mark: 'q')",
                "L(label: \"\", mark: '\\'')",
                "L(label: \"say \\\"hi\\\"\\n\", mark: 'q')",
                "L(label: \"say \\\"hi\\\"\\n\", mark: '\\'')",
                "L(label: \"C:\\\\x\", mark: 'q')",
                "L(label: \"C:\\\\x\", mark: '\\'')",
            ],
            names);
    }

    [Fact]
    public void An_experiment_without_axes_is_named_with_empty_parentheses() =>
        Assert.Equal("Once()", PointDisplayName.Format("Once", Axes.Descriptor(typeof(SampleStudy), "Once", []), 0));

    [Fact]
    public void The_unlisted_entry_says_how_many_points_and_how_to_run_them()
    {
        Assert.Equal(
            "Samples.PhaseTransition.Run: 999,000 more points not listed; run them with `dotnet experiment run Samples.PhaseTransition.Run`",
            PointDisplayName.Unlisted("Samples.PhaseTransition.Run", "Samples.PhaseTransition.Run", 999_000));
        Assert.Equal(
            "Run: 1 more point not listed; run them with `dotnet experiment run X.Run`",
            PointDisplayName.Unlisted("Run", "X.Run", 1));
    }
}
