using Experiments.Tool.Output;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Experiments.Tool.Progress;

/// <summary>
/// A live, redrawn-in-place display for a terminal: a bar, the counts, rate and ETA, recent notes, and (unless
/// <c>--no-live-plot</c>) a small heatmap of the results filling in.
/// </summary>
public sealed class LiveProgressDisplay(ToolConsole console, LiveHeatmap? livePlot = null) : IProgressDisplay
{
    private const int BarWidth = 40;
    private const int NotesShown = 3;

    public async Task<T> ShowAsync<T>(Func<IProgressSink, Task<T>> work)
    {
        var result = default(T)!;
        var notes = new List<string>();
        await console.Out.Live(Render(null, notes, livePlot))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                var sink = new Sink(context, notes, livePlot);
                result = await work(sink);
            });
        // Notes beyond the few the panel had room for are still worth reading once the display is gone.
        foreach (var note in notes.SkipLast(NotesShown))
            console.Warning(note);
        return result;
    }

    private static IRenderable Render(ProgressSnapshot? s, IReadOnlyList<string> notes, LiveHeatmap? livePlot)
    {
        var rows = new List<IRenderable>();
        if (s is null)
        {
            rows.Add(new Markup("[grey]submitting…[/]"));
        }
        else
        {
            rows.Add(new Markup(Bar(s) + $" {Percent(s)}"));
            rows.Add(new Markup(
                $"[green]done {s.Succeeded}[/]  [red]failed {s.Failed}[/]  [blue]running {s.Running}[/]  remaining {s.Remaining}  [grey]of {s.Planned}[/]"));
            rows.Add(new Markup(
                $"{Markup.Escape(s.FormatRate())}  ETA {ProgressSnapshot.FormatDuration(s.Eta)}  [grey]elapsed {ProgressSnapshot.FormatDuration(s.Elapsed)}[/]"));
            if (s.BackendMessage is { Length: > 0 } message)
                rows.Add(new Markup($"[yellow]{Markup.Escape(message)}[/]"));
        }
        if (livePlot is not null && s is not null)
            rows.Add(livePlot.Render());
        foreach (var note in notes.TakeLast(NotesShown))
            rows.Add(new Markup($"[yellow]warning:[/] {Markup.Escape(note)}"));
        return new Panel(new Rows(rows)).Header("dotnet experiment run").Border(BoxBorder.Rounded);
    }

    private static string Bar(ProgressSnapshot s)
    {
        if (s.Planned == 0)
            return "";
        int Cells(long n) => (int)Math.Round((double)n / s.Planned * BarWidth);
        var done = Cells(s.Succeeded);
        var failed = Math.Min(BarWidth - done, Cells(s.Failed));
        var running = Math.Min(BarWidth - done - failed, Cells(s.Running));
        var rest = BarWidth - done - failed - running;
        return $"[green]{new string('█', done)}[/][red]{new string('█', failed)}[/][blue]{new string('▒', running)}[/][grey]{new string('░', rest)}[/]";
    }

    private static string Percent(ProgressSnapshot s) =>
        s.Planned == 0 ? "" : FormattableString.Invariant($"{100.0 * s.Ended / s.Planned:0}%");

    private sealed class Sink(LiveDisplayContext context, List<string> notes, LiveHeatmap? livePlot) : IProgressSink
    {
        private ProgressSnapshot? _latest;

        public void Report(ProgressSnapshot snapshot)
        {
            _latest = snapshot;
            context.UpdateTarget(Render(snapshot, notes, livePlot));
        }

        public void Ended(IReadOnlyList<Experiments.Schema.PointRecord> records) => livePlot?.Add(records);

        public void Note(string message)
        {
            notes.Add(message);
            context.UpdateTarget(Render(_latest, notes, livePlot));
        }
    }
}
