using Experiments.Schema;

namespace Experiments.Worker.Remote;

/// <summary>
/// A worker whose plan or store is in object storage (a cloud batch task). It downloads the plan to a staging
/// directory, downloads the task's record object there (so a retried task resumes where the last attempt stopped),
/// lets the worker run against the staging directory exactly as against a directory store, and uploads the task's
/// record file as final records are written and before the worker exits.
/// </summary>
internal sealed class RemoteWorkerSession : IDisposable
{
    /// <summary>The least time between two uploads of a task's records while it runs.</summary>
    public static readonly TimeSpan UploadInterval = TimeSpan.FromSeconds(2);

    private readonly DirectoryInfo _staging;
    private readonly IWorkerObjectStore? _store;
    private readonly RecordUploader? _uploader;
    private readonly ArtifactUploader? _artifacts;

    private RemoteWorkerSession(DirectoryInfo staging, WorkerOptions localOptions, IWorkerObjectStore? store, RecordUploader? uploader)
    {
        _staging = staging;
        LocalOptions = localOptions;
        _store = store;
        _uploader = uploader;
        if (store is not null && uploader is not null)
            _artifacts = new ArtifactUploader(store, localOptions.StorePath);
    }

    /// <summary>The options the worker runs with: local paths in the staging directory.</summary>
    public WorkerOptions LocalOptions { get; }

    /// <summary>Null when plan and store are both local paths (nothing to stage).</summary>
    public static RemoteWorkerSession? Prepare(WorkerOptions options, Func<Uri, IWorkerObjectStores>? load = null)
    {
        var planUri = RemoteLocation.TryParse(options.PlanPath);
        var storeUri = RemoteLocation.TryParse(options.StorePath);
        if (planUri is null && storeUri is null)
            return null;
        load ??= WorkerObjectStoresLoader.Load;
        if (storeUri is not null && options.Serve)
            throw new WorkerInvocationException(
                $"Serve mode runs tasks against a directory store; the store {RemoteLocation.Display(storeUri)} is in object storage. Run one task per worker (--task N or an array index variable).");

        var staging = Directory.CreateTempSubdirectory("experiments-worker-");
        IWorkerObjectStore? store = null;
        try
        {
            var planPath = options.PlanPath;
            if (planUri is not null)
                planPath = DownloadPlan(load(planUri), planUri, staging.FullName);
            if (storeUri is null)
                return new RemoteWorkerSession(staging, options with { PlanPath = planPath }, null, null);

            store = Open(load(storeUri), storeUri);
            var localStore = Path.Combine(staging.FullName, "store");
            Directory.CreateDirectory(PointRecordFiles.RecordsDirectory(localStore));
            var local = options with { PlanPath = planPath, StorePath = localStore };
            var plan = RunPlanJson.ReadFile(planPath);
            var task = options.Task!.Value;
            if (task >= plan.Tasks.Count)
                return new RemoteWorkerSession(staging, local, store, null); // the worker reports the bad task number
            var fileName = PointRecordFiles.FileName(plan.ExperimentOf(task).Name, task);
            var objectName = $"{PointRecordFiles.RecordsFolder}/{fileName}";
            var existing = Run(store.GetAsync(objectName, CancellationToken.None), store, objectName) ?? [];
            var localPath = PointRecordFiles.PathOf(localStore, plan.ExperimentOf(task).Name, task);
            File.WriteAllBytes(localPath, existing);
            var uploader = new RecordUploader(store, localPath, objectName, UploadInterval, existing.Length);
            return new RemoteWorkerSession(staging, local, store, uploader);
        }
        catch
        {
            store?.Dispose();
            staging.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The worker's protocol output, also telling the uploader when a record was written: final records, and started
    /// ones too, so that a process killed inside a long point (out of memory, FailFast) leaves its started record in the
    /// store and the retried task counts that attempt as a crash, as it does with a directory store. A point's artifacts
    /// go up as it ends, and whatever is left before the worker exits, so they are all in the store when the task is.
    /// </summary>
    public Action<string> Observe(Action<string> protocol) => line =>
    {
        protocol(line);
        var kind = WorkerProtocol.Parse(line)?.Kind;
        if (kind is WorkerEventKind.Recorded)
            _artifacts?.TryUploadNew();
        if (_uploader is not null && kind is WorkerEventKind.Recorded or WorkerEventKind.Started)
            _uploader.RecordWritten();
    };

    /// <summary>Uploads the points' artifacts and the task's records as they are now; throws (the worker then exits 2) when that fails.</summary>
    public void Flush()
    {
        _artifacts?.UploadNew();
        _uploader?.Flush();
    }

    /// <summary>Uploads artifacts and records from a process about to exit (runaway point, crash): failures are only reported.</summary>
    public void TryFlush()
    {
        _artifacts?.TryUploadNew();
        _uploader?.TryFlush();
    }

    public void Dispose()
    {
        _uploader?.Dispose();
        _store?.Dispose();
        try
        {
            _staging.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Temp space of a finished container; nothing depends on it.
        }
    }

    private static string DownloadPlan(IWorkerObjectStores stores, Uri planUri, string staging)
    {
        var (parent, name) = RemoteLocation.SplitObject(planUri);
        using var store = Open(stores, parent);
        var content = Run(store.GetAsync(name, CancellationToken.None), store, name)
            ?? throw new WorkerInvocationException($"There is no run plan at {RemoteLocation.Display(planUri)}.");
        var path = Path.Combine(staging, RunPlanJson.FileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static IWorkerObjectStore Open(IWorkerObjectStores stores, Uri location)
    {
        try
        {
            return stores.Open(location);
        }
        catch (ArgumentException e)
        {
            throw new WorkerInvocationException(e.Message);
        }
    }

    /// <summary>Waits for a download; what a cloud library throws besides its store errors (time-outs) becomes one too.</summary>
    private static T Run<T>(Task<T> task, IWorkerObjectStore store, string name)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not (IOException or WorkerInvocationException))
        {
            throw new IOException($"Could not read {store.Location}/{name}: {e.Message}", e);
        }
    }
}
