using ScottPlot;

namespace Experiments.Tool.Reporting;

/// <summary>
/// The metric along one numeric axis: one line per facet value, with error bars (the Wilson 95 % interval for a bool
/// field's rate, ± one standard deviation for a number), and failed points marked under the line.
/// </summary>
public static class LinePlotFigure
{
    private const int Width = 720;
    private const int Height = 480;
    private const int HoverRadius = 6;

    public static FigureImage Render(ExperimentAggregate aggregate, ResultField metric)
    {
        var statistics = aggregate.FigureStatistics!;
        var (x, facet) = (aggregate.Figure.X!, aggregate.Figure.Facet);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var hover = new List<(Coordinates At, string Label)>();
        var failedXs = new List<double>();
        var failedYs = new List<double>();
        var lowest = double.PositiveInfinity;
        var series = facet?.Count ?? 1;
        var withHover = (long)x.Count * series <= FigureImage.MaxHoverCells;
        for (var s = 0; s < series; s++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            var below = new List<double>();
            var above = new List<double>();
            for (var ix = 0; ix < x.Count; ix++)
            {
                var group = facet is null ? statistics.GroupAt(ix) : statistics.GroupAt(ix, s);
                var statistic = statistics.Statistic(metric, group);
                if (statistics.Failed[group] > 0)
                    failedXs.Add(x.Numbers[ix]);
                if (statistic.Count == 0)
                    continue;
                var (low, high) = Spread(metric, statistic);
                lowest = Math.Min(lowest, statistic.Mean);
                xs.Add(x.Numbers[ix]);
                ys.Add(statistic.Mean);
                below.Add(statistic.Mean - low);
                above.Add(high - statistic.Mean);
                if (!withHover)
                    continue;
                var where = $"{(facet is null ? "" : $"{facet.Name}={facet.Labels[s]}, ")}{x.Name}={x.Labels[ix]}";
                var failures = statistics.Failed[group] > 0 ? $"; {statistics.Failed[group]} failed" : "";
                hover.Add((new Coordinates(x.Numbers[ix], statistic.Mean), $"{where}: {metric.Name} {StatisticText.Of(metric, statistic)}{failures}"));
            }
            var colour = palette.GetColor(s);
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), colour);
            line.LegendText = facet is null ? MetricChoice.Describe(metric) : $"{facet.Name} = {facet.Labels[s]}";
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, below, above) { LineColor = colour, CapSize = 4 };
            plot.Add.Plottable(bars);
        }
        if (failedXs.Count > 0)
        {
            var bottom = metric.Kind == FieldKind.Bool ? -0.05 : (double.IsInfinity(lowest) ? 0 : lowest);
            failedYs.AddRange(failedXs.Select(_ => bottom));
            var markers = plot.Add.Markers(failedXs.ToArray(), failedYs.ToArray(), MarkerShape.Eks, 9, Colors.Red);
            markers.LegendText = "failed points";
        }
        if (metric.Kind == FieldKind.Bool)
            plot.Axes.SetLimitsY(-0.1, 1.1);
        plot.XLabel(x.Name);
        plot.YLabel(MetricChoice.Describe(metric));
        plot.ShowLegend(Alignment.UpperRight);
        var image = plot.GetImage(Width, Height);
        var cells = hover.Select(h =>
        {
            var pixel = plot.GetPixel(h.At);
            return new FigureCell(h.Label, (int)pixel.X - HoverRadius, (int)pixel.Y - HoverRadius, (int)pixel.X + HoverRadius, (int)pixel.Y + HoverRadius);
        }).ToArray();
        return new FigureImage($"{aggregate.Stem}.{metric.Name}.png", Caption(aggregate, metric), image.GetImageBytes(ImageFormat.Png), Width, Height, cells);
    }

    private static (double Low, double High) Spread(ResultField metric, RunningStatistic statistic)
    {
        if (metric.Kind == FieldKind.Bool)
            return WilsonInterval.Of((long)Math.Round(statistic.Mean * statistic.Count), statistic.Count);
        var sd = statistic.StandardDeviation;
        return double.IsNaN(sd) ? (statistic.Mean, statistic.Mean) : (statistic.Mean - sd, statistic.Mean + sd);
    }

    private static string Caption(ExperimentAggregate aggregate, ResultField metric)
    {
        var choice = aggregate.Figure;
        var averaged = choice.Averaged.Count == 0 ? "" : $", averaged over {string.Join(" and ", choice.Averaged.Select(a => $"{a.Name} ({a.Count} values)"))}";
        var lines = choice.Facet is null ? "" : $", one line per {choice.Facet.Name}";
        var bars = metric.Kind == FieldKind.Bool ? "Wilson 95 % intervals" : "± one standard deviation";
        var text = MetricChoice.Describe(metric);
        return $"{char.ToUpperInvariant(text[0])}{text[1..]} along {choice.X!.Name}{lines}{averaged}; error bars: {bars}; red ×: failed points.";
    }
}
