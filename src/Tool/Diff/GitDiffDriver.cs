using Experiments.Tool.Output;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>
/// <c>dotnet experiment diff --git-driver</c>, git's external diff command for results files
/// (<c>git config diff.experiments.command "dotnet experiment diff --git-driver"</c> with
/// <c>*.results.json diff=experiments</c> in <c>.gitattributes</c>): git runs it with
/// <c>PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE</c> (and two more for a rename), and <c>git diff</c>,
/// <c>git show --ext-diff</c> and <c>git log -p --ext-diff</c> print the points that changed and the summary instead
/// of raw lines. It always exits 0 (git stops at a non-zero exit); a file it cannot read is said in the output.
/// </summary>
public static class GitDiffDriver
{
    private const string NoFile = "/dev/null";

    public static int Run(ToolConsole console, IReadOnlyList<string> arguments, NumberTolerance tolerance, DiffFormat format)
    {
        var output = console.Out.Profile.Out.Writer;
        if (arguments.Count is not (7 or 9))
        {
            // Not called by git as it documents: a usage mistake, said plainly.
            console.ErrorLine($"error: --git-driver takes the 7 (or 9) arguments git passes to an external diff command, not {arguments.Count}.");
            return Errors.ExitCodes.UserError;
        }
        var path = arguments[0];
        var newPath = arguments.Count == 9 ? arguments[7] : path;
        output.WriteLine($"experiments diff a/{path} b/{newPath}");
        try
        {
            var old = Read(arguments[1], $"a/{path}");
            var now = Read(arguments[4], $"b/{newPath}");
            var experiment = now?.Experiment ?? old?.Experiment ?? path;
            var diff = ResultsDiffer.Compare(
                experiment,
                newPath,
                old is null ? DiffSide.Missing($"a/{path}") : new DiffSide($"a/{path}", old.Axes, old.Points()),
                now is null ? DiffSide.Missing($"b/{newPath}") : new DiffSide($"b/{newPath}", now.Axes, now.Points()),
                tolerance);
            DiffFormats.Write(format, output, [diff]);
        }
        catch (Errors.UserException e)
        {
            output.WriteLine($"(cannot compare the points: {e.Message})");
        }
        output.Flush();
        return Errors.ExitCodes.Success;
    }

    private static PointSource? Read(string file, string label) =>
        file == NoFile ? null : new PointSource(file, label);
}
