using Experiments.Points;

namespace Experiments.Generator.Model;

/// <summary>
/// A range or replicates axis as start, step and count: value k is start + k·step in decimal, taken as the parameter's
/// type (<c>Experiments.Registry.AxisProgression</c> computes it at run time, the same way range values have always been
/// computed). Decimals compare by value, so the model stays equatable.
/// </summary>
internal sealed record ProgressionSpec(decimal Start, decimal Step, int Count)
{
    /// <summary>The start in canonical text (no trailing zeros, never an exponent): a JSON number and a C# literal body.</summary>
    public string StartText => PointKeyText.FormatNumber(Start);

    /// <summary>The step in canonical text.</summary>
    public string StepText => PointKeyText.FormatNumber(Step);
}
