using Experiments.Schema;

namespace Experiments.Worker.Remote;

/// <summary>
/// Uploads the files points wrote to their artifacts directories in the staging store to the same names under the
/// run's object store (<c>artifacts/{experiment}/{point}/…</c>), where the tool collects them once the run ends. Called
/// as each point ends and before the worker exits; a file is sent again only when its size or time changed.
/// </summary>
internal sealed class ArtifactUploader(IWorkerObjectStore store, string localStore)
{
    private static readonly TimeSpan UploadLimit = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, (long Length, DateTime Written)> _uploaded = new(StringComparer.Ordinal);

    /// <summary>Uploads every new or changed artifact; throws an <see cref="IOException"/> naming the file that failed.</summary>
    public void UploadNew()
    {
        var root = Path.Combine(localStore, PointRecordFiles.ArtifactsFolder);
        if (!Directory.Exists(root))
            return;
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            var stamp = (file.Length, file.LastWriteTimeUtc);
            if (_uploaded.TryGetValue(file.FullName, out var sent) && sent == stamp)
                continue;
            var name = Path.GetRelativePath(localStore, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            using var limit = new CancellationTokenSource(UploadLimit);
            try
            {
                store.PutAsync(name, File.ReadAllBytes(file.FullName), limit.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not IOException)
            {
                throw new IOException($"Could not upload the artifact {store.Location}/{name}: {e.Message}", e);
            }
            _uploaded[file.FullName] = stamp;
        }
    }

    /// <summary><see cref="UploadNew"/> where a failure must not stop the worker: it is reported, and tried again later.</summary>
    public void TryUploadNew()
    {
        try
        {
            UploadNew();
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"experiments worker: {e.Message}");
        }
    }
}
