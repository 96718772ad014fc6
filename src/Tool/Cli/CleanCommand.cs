using System.CommandLine;
using Experiments.Tool.Backends;
using Experiments.Tool.Cleaning;
using Experiments.Tool.Output;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment clean [--older-than AGE] [--backend NAME] [--keep-last N] [--dry-run]</c></summary>
public static class CleanCommand
{
    public static Command Create(ToolConsole console)
    {
        var olderThan = new Option<TimeSpan?>("--older-than")
        {
            Description = "Remove what ended longer ago than this: 30d, 2w, 12h (default: 30d).",
            HelpName = "AGE",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
                if (AgeText.Parse(text) is { } age)
                    return age;
                r.AddError($"--older-than must be {AgeText.ValidForms}, not '{text}'.");
                return null;
            },
        };
        var keepLast = new Option<long>("--keep-last")
        {
            Description = "Keep the newest N collected runs whatever their age (default: 0).",
            HelpName = "N",
            CustomParser = r => CommonOptions.NonNegative(r, "--keep-last"),
        };
        var backend = new Option<string?>("--backend", "-b")
        {
            Description = "Clean only this backend's runs (and its shared directory or store); default: every backend.",
            HelpName = "NAME",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "List what would be removed, with sizes, and remove nothing.",
        };
        var project = CommonOptions.Project();
        var command = new Command(
            "clean",
            "Remove old runs from the journal, the Slurm shared directory and cloud stores, and packages and images no remaining run needs; never a live or uncollected run.")
        {
            olderThan, keepLast, backend, dryRun, project,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var name = parse.GetValue(backend) is { } given ? BackendCatalog.Validate(given) : null;
            var keep = parse.GetValue(keepLast);
            var request = new CleanRequest(parse.GetValue(olderThan) ?? CleanRequest.DefaultOlderThan, (int)Math.Min(keep, int.MaxValue), name, parse.GetValue(dryRun));
            return CleanHandler.CleanAsync(console, parse.GetValue(project), request, cancellationToken);
        });
        return command;
    }
}
