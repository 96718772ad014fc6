using System.CommandLine;
using Experiments.Tool.Export;
using Experiments.Tool.Output;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment export EXPERIMENT --format csv|parquet [-o FILE]</c></summary>
public static class ExportCommand
{
    public static Command Create(ToolConsole console)
    {
        var experiment = new Argument<string>("EXPERIMENT")
        {
            Description = "The experiment whose results file to export, by full name or a unique suffix.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = $"The file format: {string.Join(" or ", ExportFormats.Names)}.",
            HelpName = "FORMAT",
            Required = true,
        };
        format.AcceptOnlyFromAmong([.. ExportFormats.Names]);
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The file to write (default: <Class>.<Method>.csv or .parquet in the current directory; '-' writes CSV to standard output).",
            HelpName = "FILE",
        };
        var project = CommonOptions.Project();
        var command = new Command(
            "export",
            "One row per point of a results file as CSV (RFC 4180) or Parquet: the key, each axis as a typed column, stale, status, seed, attempts, duration, every result field flattened (result.x.y), and the error of a failed point.")
        {
            experiment, format, output, project,
        };
        command.SetAction((parse, cancellationToken) => ExportHandler.ExportAsync(
            console,
            new ExportOptions(parse.GetValue(project), parse.GetValue(experiment)!, parse.GetValue(format)!, parse.GetValue(output)),
            cancellationToken));
        return command;
    }
}
