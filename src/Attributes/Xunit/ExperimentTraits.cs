namespace Experiments.Xunit;

/// <summary>Traits every point's test case carries, for selecting experiments and points in runners and filters.</summary>
public static class ExperimentTraits
{
    /// <summary>
    /// The experiment's name: <c>-trait "Experiment=Samples.PhaseTransition.Run"</c> in the xunit runner,
    /// <c>--filter Experiment=Samples.PhaseTransition.Run</c> in <c>dotnet test</c>.
    /// </summary>
    public const string Experiment = "Experiment";

    /// <summary>
    /// The point's key. xunit's query filter takes the key as it is — <c>-filter "/[Point=delta=0.5;rho=0.02;replicate=3]"</c>
    /// runs one point and <c>-filter "/[Point=delta=0.5;*]"</c> a slice — while <c>dotnet test</c> needs its <c>=</c>
    /// escaped: <c>--filter "Point=delta\=0.5;rho\=0.02;replicate\=3"</c>.
    /// </summary>
    public const string Point = "Point";
}
