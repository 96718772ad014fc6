using ScottPlot;

namespace Experiments.Tool.Reporting;

/// <summary>
/// The metric over two axes as a heatmap, one panel per facet value side by side with one shared colour scale: cells
/// at the axes' values (labelled with them), failed points marked, an optional contour at a level (the 50 % edge of a
/// phase diagram). Cells with no succeeded point are grey.
/// </summary>
public static class HeatmapFigure
{
    private const int PanelWidth = 520;
    private const int Height = 480;
    private const int MaxTickLabels = 13;
    private static readonly PixelPadding Padding = new(left: 70, right: 110, bottom: 60, top: 40);

    public static FigureImage Render(ExperimentAggregate aggregate, ResultField metric, double? contour)
    {
        var statistics = aggregate.FigureStatistics!;
        var choice = aggregate.Figure;
        var (x, y, facet) = (choice.X!, choice.Y!, choice.Facet);
        var panels = facet?.Count ?? 1;
        var range = ColourRange(aggregate, metric);

        var multiplot = new Multiplot();
        multiplot.AddPlots(panels);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var cellCentres = new List<(Plot Plot, int X, int Y, string Label)>();
        var hover = (long)x.Count * y.Count * panels <= FigureImage.MaxHoverCells;
        for (var p = 0; p < panels; p++)
        {
            var plot = multiplot.GetPlot(p);
            var values = new double[y.Count, x.Count];
            var failedXs = new List<double>();
            var failedYs = new List<double>();
            for (var iy = 0; iy < y.Count; iy++)
            {
                for (var ix = 0; ix < x.Count; ix++)
                {
                    var group = facet is null ? statistics.GroupAt(ix, iy) : statistics.GroupAt(ix, iy, p);
                    var statistic = statistics.Statistic(metric, group);
                    // Row 0 of a heatmap's array is drawn at the top; the largest y value belongs there.
                    values[y.Count - 1 - iy, ix] = statistic.Count > 0 ? statistic.Mean : double.NaN;
                    var failed = statistics.Failed[group];
                    if (failed > 0)
                    {
                        failedXs.Add(ix);
                        failedYs.Add(iy);
                    }
                    if (hover && statistics.HasPoints(group))
                        cellCentres.Add((plot, ix, iy, CellLabel(facet, p, x, ix, y, iy, metric, statistic, failed)));
                }
            }

            var heatmap = plot.Add.Heatmap(values);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = range;
            heatmap.NaNCellColor = Colors.LightGray;
            heatmap.Extent = new CoordinateRect(-0.5, x.Count - 0.5, -0.5, y.Count - 0.5);
            if (contour is { } level)
                AddContour(plot, values, level);
            if (failedXs.Count > 0)
            {
                var markers = plot.Add.Markers(failedXs.ToArray(), failedYs.ToArray(), MarkerShape.Eks, 9, Colors.Red);
                markers.LegendText = "failed points";
                plot.ShowLegend(Alignment.UpperRight);
            }
            var bar = plot.Add.ColorBar(heatmap);
            bar.Label = MetricChoice.Describe(metric);

            plot.Axes.Bottom.TickGenerator = Ticks(x);
            plot.Axes.Left.TickGenerator = Ticks(y);
            plot.Axes.SetLimits(-0.5, x.Count - 0.5, -0.5, y.Count - 0.5);
            plot.XLabel(x.Name);
            plot.YLabel(y.Name);
            plot.Title(facet is null ? MetricChoice.Describe(metric) : $"{facet.Name} = {facet.Labels[p]}");
            plot.Layout.Fixed(Padding);
        }

        var width = PanelWidth * panels;
        var image = multiplot.Render(width, Height);
        var cells = cellCentres.Select(c => CellRectangle(c.Plot, c.X, c.Y, c.Label)).ToArray();
        var fileName = $"{aggregate.Stem}.{metric.Name}.png";
        return new FigureImage(fileName, Caption(aggregate, metric, contour), image.GetImageBytes(ImageFormat.Png), width, Height, cells);
    }

    private static ScottPlot.Range ColourRange(ExperimentAggregate aggregate, ResultField metric)
    {
        if (metric.Kind == FieldKind.Bool)
            return new ScottPlot.Range(0, 1);
        var statistics = aggregate.FigureStatistics!;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var g = 0; g < statistics.GroupCount; g++)
        {
            var s = statistics.Statistic(metric, g);
            if (s.Count == 0)
                continue;
            min = Math.Min(min, s.Mean);
            max = Math.Max(max, s.Mean);
        }
        if (double.IsInfinity(min))
            return new ScottPlot.Range(0, 1);
        return min == max ? new ScottPlot.Range(min - 0.5, max + 0.5) : new ScottPlot.Range(min, max);
    }

    /// <summary>A contour needs every cell; with holes (cells not run yet) it is left out rather than drawn wrong.</summary>
    private static void AddContour(Plot plot, double[,] values, double level)
    {
        var rows = values.GetLength(0);
        var columns = values.GetLength(1);
        if (rows < 2 || columns < 2)
            return;
        var points = new Coordinates3d[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (double.IsNaN(values[r, c]))
                    return;
                points[r, c] = new Coordinates3d(c, rows - 1 - r, values[r, c]);
            }
        }
        var lines = plot.Add.ContourLines(points, 1);
        lines.ContourLineLevels = [level];
        lines.Update(points);
        lines.LineColor = Colors.White;
        lines.LineWidth = 2.5f;
        lines.Colormap = null;
        lines.LabelStyle.IsVisible = false;
    }

    /// <summary>Every value at its cell when they fit; else every k-th, so labels never overlap.</summary>
    internal static ScottPlot.TickGenerators.NumericManual Ticks(ReportAxis axis)
    {
        var step = (int)Math.Ceiling(axis.Count / (double)MaxTickLabels);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < axis.Count; i++)
        {
            if (i % step == 0)
                ticks.AddMajor(i, axis.Labels[i]);
            else
                ticks.AddMinor(i);
        }
        return ticks;
    }

    private static FigureCell CellRectangle(Plot plot, int x, int y, string label)
    {
        var low = plot.GetPixel(new Coordinates(x - 0.5, y - 0.5));
        var high = plot.GetPixel(new Coordinates(x + 0.5, y + 0.5));
        return new FigureCell(label,
            (int)Math.Round(Math.Min(low.X, high.X)), (int)Math.Round(Math.Min(low.Y, high.Y)),
            (int)Math.Round(Math.Max(low.X, high.X)), (int)Math.Round(Math.Max(low.Y, high.Y)));
    }

    private static string CellLabel(ReportAxis? facet, int p, ReportAxis x, int ix, ReportAxis y, int iy, ResultField metric, RunningStatistic statistic, int failed)
    {
        var where = $"{(facet is null ? "" : $"{facet.Name}={facet.Labels[p]}, ")}{x.Name}={x.Labels[ix]}, {y.Name}={y.Labels[iy]}";
        var failures = failed > 0 ? $"; {failed} failed" : "";
        return $"{where}: {metric.Name} {StatisticText.Of(metric, statistic)}{failures}";
    }

    internal static string Caption(ExperimentAggregate aggregate, ResultField metric, double? contour)
    {
        var choice = aggregate.Figure;
        var averaged = choice.Averaged.Count == 0 ? "" : $", averaged over {string.Join(" and ", choice.Averaged.Select(a => $"{a.Name} ({a.Count} values)"))}";
        var facet = choice.Facet is null ? "" : $", one panel per {choice.Facet.Name}";
        var level = contour is null ? "" : $"; white line: {StatisticText.Number(contour.Value)} contour";
        return $"{char.ToUpperInvariant(MetricChoice.Describe(metric)[0])}{MetricChoice.Describe(metric)[1..]} over {choice.X!.Name} × {choice.Y!.Name}{facet}{averaged}{level}; grey: no result; red ×: failed points.";
    }
}
