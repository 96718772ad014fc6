using Experiments.Tool.Output;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>
/// <c>dotnet experiment diff --textconv FILE</c>, git's textconv filter for results files
/// (<c>git config diff.experiments.textconv "dotnet experiment diff --textconv"</c>): prints the file as one readable
/// line per point — key, status, then each result field as <c>path=value</c> — so that wherever git diffs text itself
/// (<c>git log -p</c> without <c>--ext-diff</c>, <c>git blame</c>, a merge tool) a changed result reads as such.
/// </summary>
public static class GitTextconv
{
    public static int Run(ToolConsole console, string path)
    {
        var output = console.Out.Profile.Out.Writer;
        var file = new PointSource(path, path);
        output.WriteLine($"{file.Experiment} (grid {file.Header.GridHash})");
        foreach (var run in file.Header.Runs)
            output.WriteLine($"run {run.Id} {run.Backend} package {run.PackageId ?? "?"} commit {run.GitCommit ?? "?"}{(run.GitDirty == true ? " (dirty)" : "")}{(run.Message is null ? "" : $": {run.Message}")}");
        foreach (var point in file.Points())
        {
            var fields = ResultsDiffer.Fields(point).Select(f => $"{f.Key}={FlatFields.Text(f.Value)}");
            output.WriteLine($"{point.Key}  {point.Status}{(point.Stale ? " stale" : "")}  {string.Join(" ", fields)}");
        }
        output.Flush();
        return Errors.ExitCodes.Success;
    }
}
