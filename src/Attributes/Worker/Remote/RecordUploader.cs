namespace Experiments.Worker.Remote;

/// <summary>
/// Copies a task's local record file to its object whenever a record was written, at most once per
/// <c>interval</c> (each upload replaces the whole object, so a burst of quick points costs one upload, not one per
/// point), and on <see cref="Flush"/> before the worker exits. Only whole lines are uploaded, so readers of the object
/// never see half a record.
/// </summary>
internal sealed class RecordUploader : IDisposable
{
    /// <summary>How long a single upload may take before the worker gives up on it.</summary>
    private static readonly TimeSpan UploadLimit = TimeSpan.FromMinutes(5);

    private readonly IWorkerObjectStore _store;
    private readonly string _localPath;
    private readonly string _objectName;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _uploadGate = new();
    private readonly Task _loop;
    private long _storedLength;
    private int _pending;

    /// <param name="storedLength">How many bytes of the local file the object already holds (what was downloaded).</param>
    public RecordUploader(IWorkerObjectStore store, string localPath, string objectName, TimeSpan interval, long storedLength)
    {
        _store = store;
        _localPath = localPath;
        _objectName = objectName;
        _interval = interval;
        _storedLength = storedLength;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The object the records go to, as people should see it.</summary>
    public string ObjectLocation => $"{_store.Location}/{_objectName}";

    /// <summary>A record was appended: upload soon (now, unless the last upload was less than an interval ago).</summary>
    public void RecordWritten()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0 && !_stop.IsCancellationRequested)
            _wake.Release();
    }

    /// <summary>Stops the periodic uploads and uploads what the file holds now; throws when that upload fails.</summary>
    public void Flush()
    {
        if (!_stop.IsCancellationRequested)
            _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        UploadIfChanged();
    }

    /// <summary><see cref="Flush"/> on the way out of a dying process: a failure is reported, since nothing can be done.</summary>
    public void TryFlush()
    {
        try
        {
            Flush();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"experiments worker: could not upload the records to {ObjectLocation} before exiting: {e.Message}");
        }
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
            _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _wake.WaitAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Exchange(ref _pending, 0);
                try
                {
                    UploadIfChanged();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next record, or the flush at the end, uploads the whole file again.
                    Console.Error.WriteLine($"experiments worker: uploading records to {ObjectLocation} failed, will try again: {e.Message}");
                }
                await Task.Delay(_interval, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void UploadIfChanged()
    {
        lock (_uploadGate)
        {
            var content = WholeLines();
            if (content.Length == _storedLength)
                return;
            using var limit = new CancellationTokenSource(UploadLimit);
            try
            {
                _store.PutAsync(_objectName, content, limit.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not IOException)
            {
                // Time-outs and whatever else a cloud library throws: the worker reports them as a store it cannot write.
                throw new IOException($"Could not upload the records to {ObjectLocation}: {e.Message}", e);
            }
            _storedLength = content.Length;
        }
    }

    /// <summary>The file up to its last newline: a record being appended right now waits for the next upload.</summary>
    private byte[] WholeLines()
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(_localPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        return end == bytes.Length ? bytes : bytes[..end];
    }
}
