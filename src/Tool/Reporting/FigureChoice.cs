using Experiments.Tool.Errors;

namespace Experiments.Tool.Reporting;

public enum FigureKind
{
    /// <summary>No axis to draw along (every axis is categorical or has one value): the report has tables only.</summary>
    None,

    /// <summary>The metric over two axes, one panel per facet value.</summary>
    Heatmap,

    /// <summary>The metric along one numeric axis, one line with error bars per facet value.</summary>
    Lines,
}

/// <summary>What the user asked for with <c>--x</c>, <c>--y</c>, <c>--facet</c> (<c>none</c> for no facet), <c>--metric</c>, <c>--contour</c>.</summary>
public sealed record FigureRequest(string? X = null, string? Y = null, string? Facet = null, string? Metric = null, double? Contour = null)
{
    public const string NoFacet = "none";
}

/// <summary>Which figure a report draws, over which axes: the defaults below, each overridable.</summary>
/// <param name="Kind">Heatmap, lines or none.</param>
/// <param name="X">The horizontal axis.</param>
/// <param name="Y">The vertical axis of a heatmap.</param>
/// <param name="Facet">One panel (heatmap) or one line (line plot) per value of this axis.</param>
/// <param name="Averaged">The axes each drawn value is averaged over (replicates and any axis not drawn).</param>
public sealed record FigureChoice(FigureKind Kind, ReportAxis? X, ReportAxis? Y, ReportAxis? Facet, IReadOnlyList<ReportAxis> Averaged)
{
    /// <summary>A facet is only useful with a few panels; a larger categorical axis is averaged over unless asked for.</summary>
    public const int MaxDefaultFacetValues = 6;

    /// <summary>The axes the figure's values are grouped by, in the order X, Y, facet.</summary>
    public IReadOnlyList<ReportAxis> GroupAxes => new[] { X, Y, Facet }.OfType<ReportAxis>().ToArray();

    /// <summary>
    /// Defaults: with two or more numeric axes (of more than one value), a heatmap over the two with the most values (in
    /// declaration order: the first is x); with one, a line plot along it; facets by the smallest categorical axis of
    /// 2–<see cref="MaxDefaultFacetValues"/> values. Replicate axes are always averaged over.
    /// </summary>
    public static FigureChoice Choose(IReadOnlyList<ReportAxis> axes, FigureRequest request, string experiment)
    {
        var x = Find(axes, request.X, "--x", experiment);
        var y = Find(axes, request.Y, "--y", experiment);
        var noFacet = string.Equals(request.Facet, FigureRequest.NoFacet, StringComparison.Ordinal);
        var facet = noFacet ? null : Find(axes, request.Facet, "--facet", experiment);
        if (x is not null && x == y)
            throw new UserException($"--x and --y both name '{x.Name}'; give two different axes of {experiment}.");
        if (facet is not null && (facet == x || facet == y))
            throw new UserException($"--facet '{facet.Name}' is already drawn as --x or --y; facet by another axis, or --facet none.");

        var numeric = axes.Where(a => a.IsNumeric && a.Count > 1 && a != facet)
            .OrderByDescending(a => a.Count).ThenBy(a => a.Position).ToList();
        if (x is null && y is not null)
            (x, y) = (y, null);
        if (x is not null && y is null && request.Y is null)
            y = numeric.FirstOrDefault(a => a != x);
        if (x is null)
        {
            var two = numeric.Take(2).OrderBy(a => a.Position).ToArray();
            x = two.ElementAtOrDefault(0);
            y = two.ElementAtOrDefault(1);
        }
        if (x is not null && y is not null && y.Position < x.Position && request.X is null)
            (x, y) = (y, x);

        if (facet is null && !noFacet && x is not null)
        {
            facet = axes.Where(a => a.IsCategorical && a.Count is > 1 and <= MaxDefaultFacetValues && a != x && a != y)
                .OrderBy(a => a.Count).ThenBy(a => a.Position).FirstOrDefault();
        }
        var kind = x is null ? FigureKind.None : y is null ? FigureKind.Lines : FigureKind.Heatmap;
        var drawn = new[] { x, y, facet };
        var averaged = axes.Where(a => !drawn.Contains(a)).ToArray();
        return new FigureChoice(kind, x, y, kind == FigureKind.None ? null : facet, averaged);
    }

    private static ReportAxis? Find(IReadOnlyList<ReportAxis> axes, string? name, string option, string experiment)
    {
        if (name is null)
            return null;
        var axis = axes.FirstOrDefault(a => a.Name == name);
        var valid = axes.Where(a => !a.IsReplicate).Select(a => a.Name).ToArray();
        if (axis is null)
        {
            var hint = axes.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } near
                ? $" Axis names are case-sensitive; did you mean '{near.Name}'?"
                : "";
            throw new UserException($"{option} '{name}' is not an axis of {experiment}.{hint} Valid: {string.Join(", ", valid)}.");
        }
        if (axis.IsReplicate)
        {
            throw new UserException(
                $"{option} '{name}' is a replicate axis of {experiment}: the report averages over it. Valid: {string.Join(", ", valid)}.");
        }
        return axis;
    }
}
