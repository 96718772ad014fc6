using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Output;
using Experiments.Tool.Running;

namespace Experiments.Tool.Artifacts;

/// <summary>
/// Brings home the artifacts of the points a run recorded, from whatever store the backend used (its run folder, a
/// shared directory, a mirror over ssh, an object store) to <see cref="ArtifactsHome"/> beside each results file. A
/// point's folder is replaced whole, so it holds what its latest recorded attempt wrote. Points are taken in key order
/// while the experiment's total stays within the cap; the rest are left in the store, and the run says where and why.
/// Artifacts of points this run did not record are never touched.
/// </summary>
public sealed class ArtifactCollector(ToolConsole console, string projectDirectory, ManifestModel manifest, ArtifactSettings settings)
{
    /// <summary>Collects, and journals what was done in <paramref name="runDirectory"/>; the run's summary shows it (<see cref="Describe"/>).</summary>
    public async Task<IReadOnlyList<ArtifactCollection>> CollectAsync(
        string runDirectory, IEnumerable<IResultStore> stores, IReadOnlyList<PointOutcome> outcomes, CancellationToken cancellationToken)
    {
        var artifactStores = stores.OfType<IArtifactStore>().ToArray();
        var collections = new List<ArtifactCollection>();
        foreach (var group in outcomes.GroupBy(o => o.Record.Experiment, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var experiment = manifest.Experiments.FirstOrDefault(e => e.Name == group.Key);
            if (experiment is null)
                continue; // left the build: its results file is not written either
            var keys = group.Select(o => o.Record.Key).ToHashSet(StringComparer.Ordinal);
            var collection = await CollectExperimentAsync(experiment, keys, artifactStores, cancellationToken);
            if (collection is not null)
                collections.Add(collection);
        }
        if (collections.Count > 0)
            ArtifactCollection.Save(runDirectory, collections);
        return collections;
    }

    private async Task<ArtifactCollection?> CollectExperimentAsync(
        ManifestExperiment experiment, HashSet<string> keys, IReadOnlyList<IArtifactStore> stores, CancellationToken cancellationToken)
    {
        var folders = keys.ToDictionary(PointRecordFiles.PointArtifactsFolder, k => k, StringComparer.Ordinal);
        var home = ArtifactsHome.PathFor(projectDirectory, experiment);
        var homeText = Path.GetRelativePath(projectDirectory, home).Replace(Path.DirectorySeparatorChar, '/') + "/";
        foreach (var store in stores)
        {
            var where = $"{((IResultStore)store).Location}/{PointRecordFiles.ArtifactsPrefix(experiment.Name)}";
            IReadOnlyList<StoredArtifact> listed;
            try
            {
                listed = await store.ListArtifactsAsync(experiment.Name, cancellationToken);
            }
            catch (IOException e)
            {
                console.Warning($"Could not list the artifacts of {experiment.Name} in {where}: {e.Message} They stay there.");
                continue;
            }
            var points = listed.Where(a => folders.ContainsKey(a.PointFolder))
                .GroupBy(a => a.PointFolder, StringComparer.Ordinal)
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ToArray();
            if (points.Length == 0)
                continue;
            if (!settings.Collect)
                return Left(experiment, homeText, points, [], where, LeaveReason(where));

            var taken = new List<IGrouping<string, StoredArtifact>>();
            long total = 0;
            foreach (var point in points)
            {
                var size = point.Sum(a => a.Size);
                if (total + size > settings.MaxBytes)
                    break;
                total += size;
                taken.Add(point);
            }
            try
            {
                foreach (var point in taken)
                    await CopyPointAsync(store, home, point, cancellationToken);
            }
            catch (IOException e)
            {
                console.Warning($"Could not copy the artifacts of {experiment.Name} from {where} to {homeText}: {e.Message} They stay in the store.");
                continue;
            }
            var left = points.Skip(taken.Count).ToArray();
            var reason = left.Length == 0 ? null
                : $"over the {ByteSize.Format(settings.MaxBytes)} cap ({ArtifactSettings.Section}.{ArtifactSettings.MaxSizeKey} in experiments.json, or {ArtifactSettings.MaxSizeFlag})";
            return Left(experiment, homeText, left, taken, where, reason);
        }
        return null;
    }

    private static ArtifactCollection Left(
        ManifestExperiment experiment, string homeText, IReadOnlyList<IGrouping<string, StoredArtifact>> left,
        IReadOnlyList<IGrouping<string, StoredArtifact>> taken, string where, string? reason)
    {
        return new ArtifactCollection(
            experiment.Name,
            homeText,
            taken.Count,
            taken.Sum(p => p.Sum(a => a.Size)),
            left.Count,
            left.Sum(p => p.Sum(a => a.Size)),
            left.Count > 0 ? where : null,
            reason);
    }

    /// <summary>The lines <c>run</c> and <c>status</c> show for an experiment's artifacts.</summary>
    public static IEnumerable<string> Describe(ArtifactCollection c)
    {
        if (c.Points > 0)
            yield return $"artifacts of {Points(c.Points)} ({ByteSize.Format(c.Bytes)}) of {c.Experiment} in {c.Home}";
        if (c.LeftPoints > 0)
            yield return $"artifacts of {Points(c.LeftPoints)} ({ByteSize.Format(c.LeftBytes)}) of {c.Experiment} left in {c.Store}: {c.Reason}";
    }

    private static string Points(int n) => $"{n} point{(n == 1 ? "" : "s")}";

    private string LeaveReason(string where)
    {
        var local = Path.IsPathRooted(where) && Path.GetFullPath(where).StartsWith(
            Path.Combine(Path.GetFullPath(projectDirectory), ".experiments") + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        var hidden = local ? "; that is the run's journal, which git ignores and `dotnet experiment clean` deletes" : "";
        return $"not collected ({ArtifactSettings.LeaveFlag}, or {ArtifactSettings.Section}.{ArtifactSettings.CollectKey}: false in experiments.json){hidden}";
    }

    private static async Task CopyPointAsync(IArtifactStore store, string home, IGrouping<string, StoredArtifact> point, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(home, point.Key);
        // Copied beside, then swapped in: a point's folder is never half old and half new.
        var partial = folder + ".partial";
        if (Directory.Exists(partial))
            Directory.Delete(partial, recursive: true);
        foreach (var artifact in point)
        {
            var destination = Path.Combine(partial, artifact.Path.Replace('/', Path.DirectorySeparatorChar));
            if (!Path.GetFullPath(destination).StartsWith(Path.GetFullPath(partial) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new IOException($"The artifact name {artifact.Path} leads outside its point's folder.");
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            await store.CopyArtifactAsync(artifact, destination, cancellationToken);
        }
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.Move(partial, folder);
    }
}
