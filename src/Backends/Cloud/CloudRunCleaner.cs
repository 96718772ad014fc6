using Experiments.Backends.Container;
using Experiments.Stores;

namespace Experiments.Backends.Cloud;

/// <summary>
/// What <c>clean</c> removes from a cloud backend: the store folders (<c>{store}/runs/{run id}/…</c>, see
/// <see cref="CloudRunLocation"/>) of the runs the journal is removing, and the registry's images (tagged with the
/// package id) that only those runs used. Run folders and images this project's journal does not know are another
/// project's or machine's and are left alone; so are images a kept run still uses.
/// </summary>
/// <param name="store">The store root, as the backend's <c>store</c> key names it.</param>
/// <param name="registry">The registry to clean, or null to leave images alone.</param>
/// <param name="registryHost">The registry's host (and port).</param>
/// <param name="repository">The repository images are pushed to.</param>
public sealed class CloudRunCleaner(IObjectStore store, RegistryClient? registry, string? registryHost, string? repository)
{
    public const string RunsFolder = "runs/";

    /// <summary>Lists the store and the registry and chooses what goes; removes nothing.</summary>
    /// <param name="removedRuns">The runs the journal is removing.</param>
    /// <param name="knownRuns">Every run in the journal (a folder of any other run is not this project's).</param>
    /// <param name="removedPackages">The package ids of the removed runs.</param>
    /// <param name="keptPackages">The package ids of the runs that stay.</param>
    public async Task<CloudCleaning> PlanAsync(
        IReadOnlySet<string> removedRuns, IReadOnlySet<string> knownRuns, IReadOnlySet<string> removedPackages, IReadOnlySet<string> keptPackages,
        CancellationToken cancellationToken)
    {
        var folders = (await store.ListAsync(RunsFolder, cancellationToken).ConfigureAwait(false))
            .Where(o => o.Name.IndexOf('/', RunsFolder.Length) > RunsFolder.Length)
            .GroupBy(o => o.Name[RunsFolder.Length..o.Name.IndexOf('/', RunsFolder.Length)], StringComparer.Ordinal)
            .ToArray();
        var runs = folders.Where(f => removedRuns.Contains(f.Key))
            .Select(f => new CloudRunFolder(f.Key, f.Select(o => o.Name).ToArray(), f.Sum(o => o.Size)))
            .OrderBy(f => f.RunId, StringComparer.Ordinal)
            .ToArray();
        var foreign = folders.Count(f => !knownRuns.Contains(f.Key));

        IReadOnlyList<ImageReference> images = [];
        if (registry is not null && registryHost is not null && repository is not null)
        {
            var tags = await registry.ListTagsAsync(registryHost, repository, cancellationToken).ConfigureAwait(false);
            var candidates = tags.Where(t => removedPackages.Contains(t) && !keptPackages.Contains(t)).Order(StringComparer.Ordinal).ToArray();
            if (candidates.Length > 0)
            {
                // A registry deletes manifests, not tags: an image whose manifest a kept tag also names must stay.
                var kept = new HashSet<string>(StringComparer.Ordinal);
                foreach (var tag in tags.Where(t => !candidates.Contains(t, StringComparer.Ordinal)))
                {
                    if (await registry.DigestAsync(ImageReference.Create(registryHost, repository, tag), cancellationToken).ConfigureAwait(false) is { } digest)
                        kept.Add(digest);
                }
                var chosen = new List<ImageReference>();
                foreach (var tag in candidates)
                {
                    var image = ImageReference.Create(registryHost, repository, tag);
                    if (await registry.DigestAsync(image, cancellationToken).ConfigureAwait(false) is { } digest && !kept.Contains(digest))
                        chosen.Add(image);
                }
                images = chosen;
            }
        }
        return new CloudCleaning(store.Location, runs, images, foreign);
    }

    /// <summary>Removes what <paramref name="plan"/> chose: each run folder's objects, then each image.</summary>
    public async Task RemoveAsync(CloudCleaning plan, CancellationToken cancellationToken)
    {
        foreach (var run in plan.Runs)
        {
            foreach (var name in run.Objects)
                await store.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        }
        if (registry is null)
            return;
        foreach (var image in plan.Images)
            await registry.DeleteAsync(image, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What <see cref="CloudRunCleaner"/> chose to remove from one backend's store and registry.</summary>
/// <param name="Store">The store root as people should see it.</param>
/// <param name="ForeignRuns">Run folders in the store that this project's journal does not know (left alone).</param>
public sealed record CloudCleaning(string Store, IReadOnlyList<CloudRunFolder> Runs, IReadOnlyList<ImageReference> Images, int ForeignRuns);

/// <summary>A run's folder in a store: its objects (names relative to the store root) and their size.</summary>
public sealed record CloudRunFolder(string RunId, IReadOnlyList<string> Objects, long Bytes);
