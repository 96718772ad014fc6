using System.Globalization;
using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Output;
using Experiments.Tool.Progress;
using Experiments.Tool.Running;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Experiments.Tool.Control;

/// <summary>
/// <c>status --watch RUN</c>: the run's progress from another terminal (a Slurm or cloud run the tool that started it
/// no longer follows): the backend polled and the store tailed every few seconds, the counts and the live heatmap
/// redrawn in place on a terminal, a plain line per change when redirected — until every task has ended or Ctrl+C.
/// </summary>
public static class StatusWatch
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    public static async Task<int> WatchAsync(ToolConsole console, IExperimentBackend backend, IReadOnlyList<Submission> submissions,
        RunPlan plan, ManifestModel manifest, CancellationToken cancellationToken)
    {
        var ledger = PointLedger.For(plan, manifest);
        var livePlot = console.Interactive ? LiveHeatmap.For(plan, manifest) : null;
        using var stores = new RunStores(backend, submissions);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? lastLine = null;

        async Task<(ProgressSnapshot Snapshot, string Tasks, bool Finished)> Poll()
        {
            var statuses = await backend.PollAllAsync(submissions, cancellationToken);
            var (_, problems) = await stores.ReadIntoAsync(ledger, cancellationToken);
            foreach (var problem in problems)
                console.Warning(problem);
            livePlot?.Add(ledger.TakeEnded());
            var tasks = new Dictionary<TaskState, int>();
            foreach (var status in statuses)
            {
                foreach (var (state, count) in status.Tasks)
                    tasks[state] = tasks.GetValueOrDefault(state) + count;
            }
            var taskText = string.Join(", ", Enum.GetValues<TaskState>().Where(s => tasks.GetValueOrDefault(s) > 0)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{tasks[s]} {s.ToString().ToLowerInvariant()}")));
            var message = statuses.Select(s => s.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m));
            var snapshot = new ProgressSnapshot(ledger.Planned, ledger.Succeeded, ledger.Failed, ledger.Running, clock.Elapsed, message);
            return (snapshot, taskText, statuses.All(s => s.Finished));
        }

        if (!console.Interactive)
        {
            while (true)
            {
                var (snapshot, tasks, finished) = await Poll();
                var line = $"tasks: {tasks} · points: done {snapshot.Succeeded} · failed {snapshot.Failed} · running {snapshot.Running} · remaining {snapshot.Remaining} of {snapshot.Planned}";
                if (line != lastLine)
                    console.Line(line);
                lastLine = line;
                if (finished)
                    return 0;
                await Task.Delay(Interval, cancellationToken);
            }
        }

        await console.Out.Live(new Markup("[grey]asking the backend…[/]"))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                while (true)
                {
                    var (snapshot, tasks, finished) = await Poll();
                    var rows = new List<IRenderable>
                    {
                        new Markup($"[green]done {snapshot.Succeeded}[/]  [red]failed {snapshot.Failed}[/]  [blue]running {snapshot.Running}[/]  remaining {snapshot.Remaining}  [grey]of {snapshot.Planned}[/]"),
                        new Markup($"tasks: {Markup.Escape(tasks)}  [grey]watching for {ProgressSnapshot.FormatDuration(snapshot.Elapsed)}{(finished ? ", all tasks ended" : ", Ctrl+C to stop watching (the run goes on)")}[/]"),
                    };
                    if (snapshot.BackendMessage is { Length: > 0 } note)
                        rows.Add(new Markup($"[yellow]{Markup.Escape(note)}[/]"));
                    if (livePlot is not null)
                        rows.Add(livePlot.Render());
                    context.UpdateTarget(new Panel(new Rows(rows)).Header("dotnet experiment status --watch").Border(BoxBorder.Rounded));
                    if (finished)
                        return;
                    await Task.Delay(Interval, cancellationToken);
                }
            });
        return 0;
    }
}
