namespace Experiments.Generator.Model;

internal enum ArgumentKind
{
    /// <summary>The value of an axis at the point.</summary>
    Axis,

    /// <summary>The point's ExperimentContext.</summary>
    Context,

    /// <summary>The point's CancellationToken (context.CancellationToken).</summary>
    CancellationToken,
}

/// <summary>What the dispatcher passes for one parameter of the experiment method, in parameter order.</summary>
/// <param name="AxisIndex">The axis for <see cref="ArgumentKind.Axis"/>; -1 otherwise.</param>
internal sealed record ArgumentSpec(ArgumentKind Kind, int AxisIndex);
