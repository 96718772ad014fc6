using System.Text.Json;

namespace Experiments.Schema;

/// <summary>
/// The latest outcome of one point; one line of the results file. Holds only what the outcome is: how long it took
/// and which run last touched it change on every run, so they are kept out of the file (see <see cref="ResultsFileDurations"/>).
/// </summary>
/// <param name="Key">The point's canonical key: its identity across grid edits.</param>
/// <param name="Status"><c>succeeded</c> or <c>failed</c>.</param>
/// <param name="Stale">True when the key is no longer a point of the experiment's grid: kept, not silently dropped.</param>
/// <param name="Parameters">The point's parameters as typed JSON (<c>{"delta":0.5,"solver":"Omp"}</c>); schema 2 does
/// not store them, the reader computes them from the key and the header's axis types.</param>
/// <param name="Seed">The seed the point ran with (schema 2 writes it only when it is not the one derived from the
/// experiment name and the key).</param>
/// <param name="Attempts">How many attempts the run made at this point (written only when more than one).</param>
/// <param name="Result">The method's result as JSON; null for a method that returns nothing, or when failed.</param>
/// <param name="Error">Why the last attempt failed; null when succeeded.</param>
public sealed record ResultsFilePoint(
    string Key,
    string Status,
    bool Stale,
    JsonElement Parameters,
    int Seed,
    int Attempts,
    JsonElement? Result,
    ResultsFileError? Error)
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public bool IsSucceeded => Status == Succeeded;
}

/// <summary>A failed point's error as the results file keeps it (absolute local paths already scrubbed).</summary>
/// <param name="Kind"><c>exception</c>, <c>timeout</c>, <c>crash</c> or <c>cancelled</c>.</param>
/// <param name="Type">The exception's full type name, when there was one.</param>
/// <param name="Message">The message.</param>
/// <param name="Detail">The stack trace or other detail, when there was one.</param>
public sealed record ResultsFileError(string Kind, string? Type, string Message, string? Detail);
