using Experiments.Tool.Errors;

namespace Experiments.Tool.Diff;

/// <summary>The formats <c>diff --format</c> prints.</summary>
public enum DiffFormat
{
    Text,
    Markdown,
    Json,
}

public static class DiffFormats
{
    public static readonly IReadOnlyList<string> Names = ["text", "md", "json"];

    public static DiffFormat Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "text" => DiffFormat.Text,
        "md" or "markdown" => DiffFormat.Markdown,
        "json" => DiffFormat.Json,
        _ => throw new UserException($"Unknown diff format '{text}'. Valid formats: {string.Join(", ", Names)}."),
    };

    public static void Write(DiffFormat format, TextWriter output, IReadOnlyList<ExperimentDiff> diffs)
    {
        switch (format)
        {
            case DiffFormat.Json:
                using (var buffer = new MemoryStream())
                {
                    DiffJsonWriter.Write(buffer, diffs);
                    output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                }
                break;
            case DiffFormat.Markdown:
                DiffMarkdownWriter.Write(output, diffs);
                break;
            default:
                DiffTextWriter.Write(output, diffs);
                break;
        }
        output.Flush();
    }
}
