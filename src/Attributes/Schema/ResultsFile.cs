namespace Experiments.Schema;

/// <summary>
/// <c>&lt;Class&gt;.&lt;Method&gt;.results.json</c>, checked in beside the experiment's source: the experiment's grid, the
/// provenance of every run that produced a point still in the file, and one line per point, sorted by key.
/// Written by <see cref="ResultsFileWriter"/> so that a git diff shows exactly the points that changed.
/// </summary>
/// <param name="Schema">The format version; readers refuse other versions.</param>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="GridHash">The grid hash of the manifest the file was last written against.</param>
/// <param name="Axes">The experiment's axes as of the last write (same shape as the manifest's).</param>
/// <param name="Runs">The runs that produced the points, ordered by id (ids sort by time).</param>
/// <param name="Points">One entry per key, ordered by key (ordinal).</param>
public sealed record ResultsFile(
    int Schema,
    string Experiment,
    string GridHash,
    IReadOnlyList<ManifestAxis> Axes,
    IReadOnlyList<ResultsFileRun> Runs,
    IReadOnlyList<ResultsFilePoint> Points)
{
    public const int CurrentSchema = 1;

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
