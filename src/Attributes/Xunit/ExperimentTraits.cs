namespace Experiments.Xunit;

/// <summary>Traits every point's test case carries, for selecting experiments and points in runners and filters.</summary>
public static class ExperimentTraits
{
    /// <summary>The experiment's name: <c>-trait "Experiment=Samples.PhaseTransition.Run"</c>.</summary>
    public const string Experiment = "Experiment";

    /// <summary>
    /// The point's key: <c>-filter "/*/*/*/*[Point=delta=0.5;rho=0.02;replicate=3]"</c> runs one point, and a trailing
    /// <c>*</c> selects a slice (<c>[Point=delta=0.5;*]</c>).
    /// </summary>
    public const string Point = "Point";
}
