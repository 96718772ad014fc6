namespace Experiments.Registry;

/// <summary>Where an axis's values come from.</summary>
public enum AxisKind
{
    Grid,
    Range,
    Replicates,
    /// <summary>A bool or enum parameter with no attribute: all its values.</summary>
    AllValues,
}
