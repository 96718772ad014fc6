using Experiments.Schema;
using Experiments.Tool.Errors;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;
using Experiments.Tool.Reading;
using Experiments.Tool.Recording;
using Experiments.Tool.Selection;

namespace Experiments.Tool.Reproduce;

/// <summary>The options of <c>reproduce</c>, as parsed.</summary>
public sealed record ReproduceOptions(
    string? Project,
    string Configuration,
    bool NoBuild,
    string Experiment,
    IReadOnlyList<string> Points,
    IReadOnlyList<string> Where,
    int? Sample,
    string? Tolerance,
    int? Parallel);

/// <summary>
/// <c>reproduce</c>: re-runs recorded points with the current build on the local backend and checks each outcome is
/// the recorded one. Same code and same seed must give the same result; a mismatch means the code, a dependency or
/// the machine changed the result, or the experiment depends on something besides its parameters and seed (the clock,
/// unseeded randomness, thread timing). Exits 0 when every point reproduces, 1 on any mismatch.
/// </summary>
public static class ReproduceHandler
{
    public const int Mismatches = 1;

    /// <summary>Mismatches printed before the rest are counted only.</summary>
    public const int MaxPrinted = 100;

    public static async Task<int> ReproduceAsync(ToolConsole console, ReproduceOptions options, CancellationToken cancellationToken)
    {
        var tolerance = NumberTolerance.Parse(options.Tolerance);
        var where = options.Where.Select(WhereClause.Parse).ToArray();
        if (options.Sample is < 1)
            throw new UserException($"--sample must be at least 1 (got {options.Sample}).");

        var project = await ProjectLoader.LoadAsync(console, options.Project, options.Configuration, options.NoBuild, cancellationToken);
        var experiment = ExperimentMatcher.Match(project.Experiments, options.Experiment);
        var path = ResultsFiles.PathFor(project.ProjectDirectory, project.ManifestOf(experiment));
        var relative = Path.GetRelativePath(project.ProjectDirectory, path);
        if (!File.Exists(path))
            throw new UserException($"{experiment.Name} has no results file ({relative}) yet; there is nothing recorded to reproduce. Run it first.");
        var file = ResultsFileLoading.Load(path, relative);
        var recorded = file.Points.Where(p => !p.Stale).ToDictionary(p => p.Key, StringComparer.Ordinal);

        var selected = PointSelector.Select(project.Experiments, [experiment.Name], where, options.Points).Single();
        var unrecorded = options.Points.Where(k => !recorded.ContainsKey(Canonical(experiment, k))).ToArray();
        if (unrecorded.Length > 0)
            throw new UserException($"{relative} has no result to compare with for --point {string.Join(", ", unrecorded)}; run {(unrecorded.Length == 1 ? "it" : "them")} first.");
        var candidates = selected.Points.Where(i => recorded.ContainsKey(experiment.KeyOf(i))).ToArray();
        if (candidates.Length == 0)
        {
            throw new UserException(
                $"None of the selected points of {experiment.Name} has a result in {relative}; reproduce compares with recorded points, so run them first.");
        }
        var points = PointSample.Spread(candidates, options.Sample);
        var recordedPackages = file.Runs.Select(r => r.PackageId).Where(p => p is not null).Distinct().ToArray();

        console.Line($"Reproducing {points.Count} of {recorded.Count} recorded point{(recorded.Count == 1 ? "" : "s")} of {experiment.Name} on the local backend…");
        var (packageId, outcomes) = await LocalReplay.RunAsync(
            project, new ExperimentSelection(experiment, points.ToArray()), options.Parallel, cancellationToken);

        var mismatched = new List<(string Key, IReadOnlyList<Mismatch> Mismatches)>();
        foreach (var index in points)
        {
            var key = experiment.KeyOf(index);
            var mismatches = OutcomeComparison.Compare(recorded[key], outcomes.GetValueOrDefault(key), tolerance);
            if (mismatches.Count > 0)
                mismatched.Add((key, mismatches));
        }

        Print(console, experiment.Name, points.Count, mismatched, tolerance);
        console.Line(PackageLine(packageId, recordedPackages));
        return mismatched.Count == 0 ? ExitCodes.Success : Mismatches;
    }

    private static void Print(ToolConsole console, string experiment, int count, List<(string Key, IReadOnlyList<Mismatch> Mismatches)> mismatched, NumberTolerance tolerance)
    {
        var how = tolerance.Absolute > 0 ? $"within {tolerance.Absolute.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "bit for bit";
        if (mismatched.Count == 0)
        {
            console.Line($"All {count} point{(count == 1 ? "" : "s")} of {experiment} reproduced their recorded outcome ({how}).");
            return;
        }
        console.Line($"{mismatched.Count} of {count} point{(count == 1 ? "" : "s")} of {experiment} did not reproduce ({how}):");
        foreach (var (key, mismatches) in mismatched.Take(MaxPrinted))
        {
            foreach (var m in mismatches)
                console.Line($"  {key}  {m.What}: recorded {m.Recorded}, reproduced {m.Reproduced}");
        }
        if (mismatched.Count > MaxPrinted)
            console.Line($"  … and {mismatched.Count - MaxPrinted} more points.");
    }

    private static string PackageLine(string current, IReadOnlyList<string?> recorded)
    {
        if (recorded.Count == 0)
            return $"Package {current} (the results file does not say which package recorded them).";
        if (recorded.Contains(current))
        {
            return recorded.Count == 1
                ? $"Package {current}: the same build that recorded them."
                : $"Package {current}: one of the {recorded.Count} builds that recorded them.";
        }
        return $"Package {current}; recorded by {string.Join(", ", recorded)}: the code, its dependencies or its manifest changed since.";
    }

    private static string Canonical(Registry.ExperimentDescriptor experiment, string key) =>
        experiment.TryIndexOf(key) is { } index ? experiment.KeyOf(index) : key;
}
