namespace Experiments.Registry;

/// <summary>
/// The generator emits one sealed subclass per experiment: static typed value arrays per axis and a dispatcher that
/// decodes a point index, calls the method with typed arguments and writes its result as JSON, with no reflection.
/// </summary>
public abstract class GeneratedExperiment
{
    protected GeneratedExperiment(ExperimentDescriptor descriptor) => Descriptor = descriptor;

    public ExperimentDescriptor Descriptor { get; }

    /// <summary>
    /// Runs one point. Returns the result as a JSON text, or null for a method that returns nothing
    /// (<c>void</c>, <c>Task</c>, <c>ValueTask</c>). Exceptions from the method propagate unchanged.
    /// </summary>
    public abstract ValueTask<string?> InvokeAsync(long pointIndex, ExperimentContext context);

    /// <summary>The axis values of a point, boxed, in declaration order (for display, not the hot path).</summary>
    public object[] ArgumentsOf(long pointIndex)
    {
        var digits = Descriptor.Digits(pointIndex);
        var values = new object[digits.Length];
        for (var a = 0; a < digits.Length; a++)
            values[a] = Descriptor.Axes[a].Values[digits[a]];
        return values;
    }
}
