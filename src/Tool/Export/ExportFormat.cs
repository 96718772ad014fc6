using Experiments.Tool.Errors;

namespace Experiments.Tool.Export;

/// <summary>The formats <c>export --format</c> writes.</summary>
public enum ExportFormat
{
    Csv,
    Parquet,
}

public static class ExportFormats
{
    public static readonly IReadOnlyList<string> Names = ["csv", "parquet"];

    public static ExportFormat Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "parquet" => ExportFormat.Parquet,
        _ => throw new UserException($"Unknown export format '{text}'. Valid formats: {string.Join(", ", Names)}."),
    };

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? ".csv" : ".parquet";
}
