namespace Experiments.Schema;

/// <summary>
/// <c>&lt;Class&gt;.&lt;Method&gt;.results.json</c>, checked in beside the experiment's source: the experiment's grid, the
/// runs that recorded into it, and one line per point, in the grid's order. Written by <see cref="ResultsFileWriter"/> so
/// that a git diff shows exactly the points whose outcome changed (docs/results-format.md describes the format).
/// </summary>
/// <param name="Schema">The format version the file was read in (1 or 2); the writer always writes <see cref="CurrentSchema"/>.</param>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="GridHash">The grid hash of the manifest the file was last written against.</param>
/// <param name="Axes">The experiment's axes as of the last write (same shape as the manifest's).</param>
/// <param name="Runs">The runs that recorded into the file, ordered by id (ids sort by time).</param>
/// <param name="Points">One entry per key: grid points in grid order, then stale keys in natural order.</param>
public sealed record ResultsFile(
    int Schema,
    string Experiment,
    string GridHash,
    IReadOnlyList<ManifestAxis> Axes,
    IReadOnlyList<ResultsFileRun> Runs,
    IReadOnlyList<ResultsFilePoint> Points)
{
    /// <summary>The schema this version writes; it reads this one and every older one.</summary>
    public const int CurrentSchema = 2;

    /// <summary>Everything but the points, as <see cref="ResultsFileStream.Header"/> gives it.</summary>
    public ResultsFileHeader Header => new(Schema, Experiment, GridHash, Axes, Runs);

    /// <summary>The file name suffix; the full name is <c>{TypeName without namespace}.{Method}.results.json</c>.</summary>
    public const string Suffix = ".results.json";

    /// <summary>
    /// The results file name of an experiment: the declaring type's simple name (nested types joined with '.') and
    /// the method name, so the file sits readably beside <c>PhaseTransition.cs</c> as <c>PhaseTransition.Run.results.json</c>.
    /// </summary>
    public static string FileNameFor(string typeName, string methodName)
    {
        var simple = typeName[(typeName.LastIndexOf('.') + 1)..].Replace('+', '.');
        return $"{simple}.{methodName}{Suffix}";
    }
}

/// <summary>A results file's header: what precedes the points, read before any of them.</summary>
public sealed record ResultsFileHeader(
    int Schema,
    string Experiment,
    string GridHash,
    IReadOnlyList<ManifestAxis> Axes,
    IReadOnlyList<ResultsFileRun> Runs);
