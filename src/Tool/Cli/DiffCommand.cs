using System.CommandLine;
using Experiments.Tool.Diff;
using Experiments.Tool.Output;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Cli;

/// <summary>
/// <c>dotnet experiment diff [EXPERIMENT…] [--from REV|RUN|FILE] [--to REV|RUN|FILE] [--tolerance X] [--format text|md|json]</c>,
/// and the hidden git hooks <c>--git-driver</c> (external diff command) and <c>--textconv FILE</c>.
/// </summary>
public static class DiffCommand
{
    public static Command Create(ToolConsole console)
    {
        var experiments = new Argument<string[]>("EXPERIMENT")
        {
            Description = "Experiments whose results files to compare, by full name or a unique suffix (default: every results file of the project).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var from = new Option<string?>("--from")
        {
            Description = "The old side: a git revision (HEAD~1, a hash, a tag, a branch), a run id (what the run produced; its points only) or a results file (default: HEAD, the committed file).",
            HelpName = "REV|RUN|FILE",
        };
        var to = new Option<string?>("--to")
        {
            Description = "The new side: a git revision, a run id or a results file (default: the working file).",
            HelpName = "REV|RUN|FILE",
        };
        var tolerance = new Option<string?>("--tolerance")
        {
            Description = "Numbers within this absolute difference (|a - b| <= X) count as the same (default: 0, bit for bit).",
            HelpName = "X",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "text (default), md (markdown for a pull-request comment) or json (for scripts).",
            HelpName = "FORMAT",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong([.. DiffFormats.Names, "markdown"]);
        var gitDriver = new Option<bool>("--git-driver")
        {
            Description = "Run as git's external diff command (diff.experiments.command): the arguments are git's 7.",
            Hidden = true,
        };
        var textconv = new Option<string?>("--textconv")
        {
            Description = "Print FILE as one readable line per point, for git's diff.experiments.textconv.",
            HelpName = "FILE",
            Hidden = true,
        };
        var project = CommonOptions.Project();
        var command = new Command(
            "diff",
            "What changed between two versions of results files (default: HEAD against the working files): points added, removed or gone stale, status changes, result fields that differ, and a summary by axis value. Exits 0 when nothing differs, 1 when something does.")
        {
            experiments, from, to, tolerance, format, project, gitDriver, textconv,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(textconv) is { } file)
                return Task.FromResult(GitTextconv.Run(console, file));
            if (parse.GetValue(gitDriver))
            {
                return Task.FromResult(GitDiffDriver.Run(
                    console, parse.GetValue(experiments) ?? [], NumberTolerance.Parse(parse.GetValue(tolerance)), DiffFormats.Parse(parse.GetValue(format)!)));
            }
            return DiffHandler.DiffAsync(
                console,
                new DiffOptions(
                    parse.GetValue(project),
                    parse.GetValue(experiments) ?? [],
                    parse.GetValue(from),
                    parse.GetValue(to),
                    parse.GetValue(tolerance),
                    parse.GetValue(format)!),
                cancellationToken);
        });
        return command;
    }
}
