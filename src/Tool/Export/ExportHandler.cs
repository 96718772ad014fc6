using Experiments.Schema;
using Experiments.Tool.Errors;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Export;

/// <summary>The options of <c>export</c>, as parsed.</summary>
public sealed record ExportOptions(string? Project, string Experiment, string Format, string? Output);

/// <summary>
/// <c>export</c>: one row per point of an experiment's results file, as CSV or Parquet. Reads the file twice — once to
/// learn the result fields and their types, once to write — so no more than a row group is held in memory. Needs no
/// build: it reads the results file only.
/// </summary>
public static class ExportHandler
{
    /// <summary>What <c>-o</c> takes to mean standard output (CSV only: Parquet's footer needs a seekable file).</summary>
    public const string StandardOutput = "-";

    public static async Task<int> ExportAsync(ToolConsole console, ExportOptions options, CancellationToken cancellationToken)
    {
        var format = ExportFormats.Parse(options.Format);
        if (options.Output == StandardOutput && format == ExportFormat.Parquet)
            throw new UserException("Parquet cannot be written to standard output (its footer needs a seekable file); give a file with -o.");
        var projectDirectory = Path.GetDirectoryName(ProjectLocator.Locate(options.Project, Directory.GetCurrentDirectory()))!;
        var found = ResultsFileFinder.Find(projectDirectory, [options.Experiment]);
        if (found.Count > 1)
            throw new UserException($"'{options.Experiment}' names more than one results file; export one at a time:", found.Select(f => f.RelativePath).ToArray());
        var file = found[0];
        var source = new PointSource(file.Path, file.RelativePath);
        var durations = Durations(file.Path);
        var columns = ExportSchema.Discover(source.Axes, source.Points());

        if (options.Output == StandardOutput)
        {
            await using var stdout = Console.OpenStandardOutput();
            var rows = await WriteAsync(format, stdout, columns, source, durations, cancellationToken);
            console.ErrorLine($"Exported {Count(rows)} of {source.Experiment} ({columns.Count} columns).");
            return ExitCodes.Success;
        }

        var output = Path.GetFullPath(options.Output ?? DefaultName(file.Path, format));
        var temp = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.tmp");
        try
        {
            long written;
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
                written = await WriteAsync(format, stream, columns, source, durations, cancellationToken);
            File.Move(temp, output, overwrite: true);
            console.Line($"Exported {Count(written)} of {source.Experiment} ({columns.Count} columns) to {Path.GetRelativePath(Directory.GetCurrentDirectory(), output)}.");
            return ExitCodes.Success;
        }
        catch (DirectoryNotFoundException)
        {
            throw new UserException($"-o {options.Output}: the folder {Path.GetDirectoryName(output)} does not exist.");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<long> WriteAsync(
        ExportFormat format, Stream stream, IReadOnlyList<ExportColumn> columns, PointSource source, Func<string, double?> durations, CancellationToken cancellationToken)
    {
        long rows = 0;
        await using IExportWriter writer = format == ExportFormat.Csv ? new CsvExportWriter(stream) : new ParquetExportWriter(stream);
        await writer.BeginAsync(columns, cancellationToken);
        foreach (var point in source.Points())
        {
            await writer.WriteAsync(new ExportRow(point, durations(point.Key)), cancellationToken);
            rows++;
        }
        return rows;
    }

    /// <summary>
    /// Per-point seconds where this machine recorded them (kept beside the project, out of the committed file); null
    /// for points it did not run, and for every point on a fresh clone.
    /// </summary>
    private static Func<string, double?> Durations(string resultsFile)
    {
        var seconds = ResultsFileDurations.Read(resultsFile);
        return key => seconds.TryGetValue(key, out var s) ? s : null;
    }

    private static string DefaultName(string resultsFile, ExportFormat format)
    {
        var name = Path.GetFileName(resultsFile);
        return name[..^ResultsFile.Suffix.Length] + ExportFormats.Extension(format);
    }

    private static string Count(long rows) => $"{rows} point{(rows == 1 ? "" : "s")}";
}
