using System.Globalization;
using System.Text;
using Experiments.Points;
using Experiments.Schema;
using Experiments.Tool.Reporting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Experiments.Tool.Progress;

/// <summary>
/// The report's heatmap, small, in the terminal while the sweep runs: the same default axes, facet and metric as
/// <c>dotnet experiment report</c>, one coloured block per cell filling in as points finish (<c>·</c> until a point
/// of the cell has ended, a red <c>×</c> where only failures are). Large axes are binned so the picture stays a few
/// lines high.
/// </summary>
public sealed class LiveHeatmap
{
    /// <summary>At most this many rows of cells (lines) and columns per panel; larger axes are binned.</summary>
    public const int MaxRows = 12;
    public const int MaxColumns = 30;

    /// <summary>What a cell shows before any of its points has ended; a test reading the screen counts these.</summary>
    public const char Pending = '·';

    private static readonly ScottPlot.Colormaps.Viridis Colours = new();

    private readonly string _experiment;
    private readonly ReportAxis[] _axes;
    private readonly FigureChoice _choice;
    private readonly GroupedStatistics _statistics;
    private readonly ResultFields _fields = new();
    private readonly int[] _indexes;
    private readonly List<(ResultField, double)> _values = [];

    private LiveHeatmap(string experiment, ReportAxis[] axes, FigureChoice choice)
    {
        _experiment = experiment;
        _axes = axes;
        _choice = choice;
        _statistics = new GroupedStatistics(choice.GroupAxes);
        _indexes = new int[axes.Length];
    }

    /// <summary>A heatmap for the first planned experiment whose axes make one (as the report would choose), else null.</summary>
    public static LiveHeatmap? For(RunPlan plan, ManifestModel manifest)
    {
        foreach (var planned in plan.Experiments)
        {
            var experiment = manifest.Experiments.FirstOrDefault(e => e.Name == planned.Name);
            if (experiment is null)
                continue;
            var axes = experiment.Axes.Select((a, i) => new ReportAxis(a, i)).ToArray();
            var choice = FigureChoice.Choose(axes, new FigureRequest(), experiment.Name);
            if (choice.Kind == FigureKind.Heatmap)
                return new LiveHeatmap(experiment.Name, axes, choice);
        }
        return null;
    }

    /// <summary>Takes in points that have ended (succeeded, or failed every attempt); other experiments' are ignored.</summary>
    public void Add(IEnumerable<PointRecord> ended)
    {
        foreach (var record in ended)
        {
            if (record.Experiment != _experiment || !TryIndex(record.Key))
                continue;
            var succeeded = record.Status == PointStatus.Succeeded;
            if (succeeded)
                _fields.Extract(record.Result, _values);
            else
                _values.Clear();
            _statistics.Add(_indexes, succeeded, _values);
        }
    }

    private bool TryIndex(string key)
    {
        IReadOnlyList<KeyValuePair<string, string>> pairs;
        try
        {
            pairs = PointKey.Parse(key);
        }
        catch (FormatException)
        {
            return false;
        }
        if (pairs.Count != _axes.Length)
            return false;
        for (var i = 0; i < _axes.Length; i++)
        {
            if (pairs[i].Key != _axes[i].Name || (_indexes[i] = _axes[i].IndexOfText(pairs[i].Value)) < 0)
                return false;
        }
        return true;
    }

    public IRenderable Render()
    {
        var metric = _fields.All.FirstOrDefault(f => f.Kind == FieldKind.Bool) ?? _fields.All.FirstOrDefault();
        var (x, y, facet) = (_choice.X!, _choice.Y!, _choice.Facet);
        var columns = Math.Min(x.Count, MaxColumns);
        var rows = Math.Min(y.Count, MaxRows);
        var cellWidth = columns <= 15 ? 2 : 1;
        var panels = facet?.Count ?? 1;
        var bins = new Bin[panels, columns, rows];
        for (var p = 0; p < panels; p++)
        {
            for (var ix = 0; ix < x.Count; ix++)
            {
                for (var iy = 0; iy < y.Count; iy++)
                {
                    var group = facet is null ? _statistics.GroupAt(ix, iy) : _statistics.GroupAt(ix, iy, p);
                    ref var bin = ref bins[p, ix * columns / x.Count, iy * rows / y.Count];
                    bin.Failed += _statistics.Failed[group];
                    if (metric is not null && _statistics.Statistic(metric, group) is { Count: > 0 } s)
                    {
                        bin.Sum += s.Mean * s.Count;
                        bin.Count += s.Count;
                    }
                }
            }
        }
        var (low, high) = Range(bins, metric);
        var yLabelWidth = Math.Max(y.Labels[0].Length, y.Labels[^1].Length);
        var panelWidth = columns * cellWidth;
        var lines = new List<IRenderable>();
        var what = metric is null ? "waiting for the first result" : $"{MetricChoice.Describe(metric)} over {x.Name} × {y.Name}";
        lines.Add(new Markup($"[bold]{Markup.Escape(what)}[/]{(facet is null ? "" : Markup.Escape($", by {facet.Name}"))}"));
        if (facet is not null)
        {
            var titles = new StringBuilder(new string(' ', yLabelWidth + 1));
            for (var p = 0; p < panels; p++)
                titles.Append(Fit(facet.Labels[p], panelWidth)).Append("   ");
            lines.Add(new Text(titles.ToString().TrimEnd()));
        }
        for (var r = rows - 1; r >= 0; r--)
        {
            var label = r == rows - 1 ? y.Labels[^1] : r == 0 ? y.Labels[0] : "";
            var line = new StringBuilder(Markup.Escape(label.PadLeft(yLabelWidth))).Append(' ');
            for (var p = 0; p < panels; p++)
            {
                for (var c = 0; c < columns; c++)
                    line.Append(Cell(bins[p, c, r], low, high, cellWidth));
                line.Append("   ");
            }
            lines.Add(new Markup(line.ToString().TrimEnd()));
        }
        var axisLine = new StringBuilder(new string(' ', yLabelWidth + 1));
        for (var p = 0; p < panels; p++)
            axisLine.Append(Ends(x.Labels[0], x.Labels[^1], panelWidth)).Append("   ");
        lines.Add(new Text(axisLine.ToString().TrimEnd() + $"  {x.Name} → · {y.Name} ↑"));
        if (metric is not null)
            lines.Add(new Markup($"{Markup.Escape(StatisticText.Number(low))} {Ramp()} {Markup.Escape(StatisticText.Number(high))}   [red]×[/] failed   {Pending} not yet"));
        return new Rows(lines);
    }

    private struct Bin
    {
        public double Sum;
        public long Count;
        public long Failed;
    }

    private static (double Low, double High) Range(Bin[,,] bins, ResultField? metric)
    {
        if (metric is null || metric.Kind == FieldKind.Bool)
            return (0, 1);
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var bin in bins)
        {
            if (bin.Count == 0)
                continue;
            low = Math.Min(low, bin.Sum / bin.Count);
            high = Math.Max(high, bin.Sum / bin.Count);
        }
        return double.IsInfinity(low) ? (0, 1) : (low, high);
    }

    private static string Cell(Bin bin, double low, double high, int width)
    {
        if (bin.Count == 0)
            return bin.Failed > 0 ? $"[red]{new string('×', width)}[/]" : $"[grey]{new string(Pending, width)}[/]";
        var value = bin.Sum / bin.Count;
        var fraction = high > low ? Math.Clamp((value - low) / (high - low), 0, 1) : 0.5;
        return $"[{Hex(fraction)}]{new string('█', width)}[/]";
    }

    private static string Ramp() => string.Concat(Enumerable.Range(0, 8).Select(i => $"[{Hex(i / 7.0)}]█[/]"));

    private static string Hex(double fraction)
    {
        var colour = Colours.GetColor(fraction);
        return string.Create(CultureInfo.InvariantCulture, $"#{colour.R:X2}{colour.G:X2}{colour.B:X2}");
    }

    private static string Fit(string text, int width) => text.Length >= width ? text[..width] : text.PadRight(width);

    private static string Ends(string first, string last, int width) =>
        first.Length + last.Length + 1 > width ? Fit(first, width) : first + new string(' ', width - first.Length - last.Length) + last;
}
