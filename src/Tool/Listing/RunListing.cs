using System.Globalization;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;
using Spectre.Console;

namespace Experiments.Tool.Listing;

/// <summary>What <c>runs</c> prints.</summary>
public static class RunListing
{
    public static void Print(ToolConsole console, RunJournal journal)
    {
        var runs = journal.List();
        if (runs.Count == 0)
        {
            console.Line("No runs yet. Start one with: dotnet experiment run");
            return;
        }
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Run")
            .AddColumn("Started")
            .AddColumn("Backend")
            .AddColumn("Status")
            .AddColumn(new TableColumn("Done").RightAligned())
            .AddColumn(new TableColumn("Failed").RightAligned())
            .AddColumn(new TableColumn("Planned").RightAligned())
            .AddColumn("Message");
        foreach (var run in runs.Reverse())
        {
            table.AddRow(
                run.Id,
                run.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(run.Backend),
                Markup.Escape(Describe(run, journal)),
                run.Counts.Succeeded.ToString(CultureInfo.InvariantCulture),
                run.Counts.Failed.ToString(CultureInfo.InvariantCulture),
                run.Counts.Planned.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(run.Message ?? ""));
        }
        console.Table(table);
    }

    /// <summary>The state as a user needs it (without asking the backend: <c>status</c> does that).</summary>
    /// <param name="journal">The run's journal, to tell a run killed right after submitting from a plan never submitted.</param>
    public static string Describe(RunInfo run, RunJournal? journal = null) =>
        RunState.Of(run, RunLiveness.IsAlive(run), anySubmitted: run.Status == RunStatus.Planned && journal?.ReadSubmissions(run.Id).Count > 0).Label;
}
