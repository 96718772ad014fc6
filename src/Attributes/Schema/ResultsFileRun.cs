namespace Experiments.Schema;

/// <summary>The provenance of one run: enough to tell which code, package and machine produced a point.</summary>
/// <param name="Id">The run id (<c>20261121-143005-3f2a</c>); ids sort by start time.</param>
/// <param name="PackageId">Content hash of the built app and its manifest, from the backend's preparation step.</param>
/// <param name="GitCommit">HEAD of the repository holding the project; null when it is not in a git repository.</param>
/// <param name="GitDirty">Whether the working tree had uncommitted changes; null when not in a git repository.</param>
/// <param name="Backend">The backend's name (<c>local</c>, <c>slurm</c>, …).</param>
/// <param name="StartedAt">When the run was started.</param>
/// <param name="EndedAt">When its results were recorded; null while it has not ended.</param>
/// <param name="Message">The <c>-m</c> message, if any.</param>
/// <param name="Resumes">The id of the interrupted run this one resumed, if any.</param>
/// <param name="ToolVersion">The version of <c>dotnet experiment</c>.</param>
/// <param name="DotnetVersion">The .NET runtime version of the tool.</param>
/// <param name="Os">The operating system description of the machine that ran the tool.</param>
/// <param name="Recorded">How many points the run recorded and how long they took: what planning sizes tasks from on a
/// fresh clone, where the per-point durations (kept out of the file) are not. Null for runs recorded before schema 2
/// whose points no longer say.</param>
public sealed record ResultsFileRun(
    string Id,
    string? PackageId,
    string? GitCommit,
    bool? GitDirty,
    string Backend,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Message,
    string? Resumes,
    string ToolVersion,
    string DotnetVersion,
    string Os,
    ResultsFileRunPoints? Recorded = null);

/// <summary>A run's points in the results file: counts and the spread of per-point seconds (of the points that succeeded).</summary>
/// <param name="Points">Points the run recorded.</param>
/// <param name="Failed">Of those, how many failed.</param>
/// <param name="MedianSeconds">Median seconds of a succeeded point; null when none succeeded.</param>
/// <param name="P90Seconds">90th percentile.</param>
/// <param name="MaxSeconds">The longest.</param>
/// <param name="TotalSeconds">The sum over succeeded points: the compute the run spent on them.</param>
public sealed record ResultsFileRunPoints(
    long Points,
    long Failed,
    double? MedianSeconds,
    double? P90Seconds,
    double? MaxSeconds,
    double TotalSeconds)
{
    /// <summary>The summary of a run's points from their seconds (succeeded points only) and the count that failed.</summary>
    public static ResultsFileRunPoints From(IEnumerable<double> succeededSeconds, long failed)
    {
        var sorted = succeededSeconds.Order().ToArray();
        if (sorted.Length == 0)
            return new ResultsFileRunPoints(failed, failed, null, null, null, 0);
        return new ResultsFileRunPoints(
            sorted.Length + failed,
            failed,
            Round(sorted[sorted.Length / 2]),
            Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.9) - 1)]),
            Round(sorted[^1]),
            Round(sorted.Sum()));
    }

    // Microseconds are the finest a timing means here; more digits are noise.
    private static double Round(double seconds) => Math.Round(seconds, 6);
}
