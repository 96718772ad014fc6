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
    string Os);
