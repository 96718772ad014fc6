namespace Experiments.Tool.Reporting;

/// <summary>The files a report writes: <c>index.html</c>, <c>README.md</c> (with the figures it links) and the figures' PNGs.</summary>
[Flags]
public enum ReportFormats
{
    Html = 1,
    Markdown = 2,
    Png = 4,
    All = Html | Markdown | Png,
}

/// <summary><c>dotnet experiment report</c>'s options.</summary>
/// <param name="Output">The report folder; default: <c>report/</c> beside each results file (for <paramref name="Run"/>,
/// <c>report/</c> in the run's journal folder).</param>
/// <param name="Run">Report a run's outcomes from its journal, before (or instead of) what its results files hold.</param>
public sealed record ReportOptions(
    string? Project,
    IReadOnlyList<string> Experiments,
    string? Output,
    FigureRequest Figure,
    ReportFormats Formats,
    string? Run = null);
