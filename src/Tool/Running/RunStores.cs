using Experiments.Backends;

namespace Experiments.Tool.Running;

/// <summary>
/// The result stores of a run's submissions, each opened once: submissions that share a store (the usual case) must not
/// have their records read, and counted, twice.
/// </summary>
public sealed class RunStores : IDisposable
{
    private readonly List<IResultStore> _stores = [];
    private readonly HashSet<string> _locations = new(StringComparer.Ordinal);
    private readonly IExperimentBackend _backend;

    public RunStores(IExperimentBackend backend, IEnumerable<Submission> submissions)
    {
        _backend = backend;
        foreach (var submission in submissions)
            Add(submission);
    }

    /// <summary>The stores opened so far (artifacts are collected from them at the end of the run).</summary>
    public IReadOnlyList<IResultStore> Stores => _stores;

    public void Add(Submission submission)
    {
        if (_locations.Add(submission.Store))
            _stores.Add(_backend.OpenStore(submission));
    }

    /// <summary>Reads what was appended since the last call into <paramref name="ledger"/>; returns how many records and the problems met.</summary>
    public async Task<(int Records, IReadOnlyList<string> Problems)> ReadIntoAsync(PointLedger ledger, CancellationToken cancellationToken)
    {
        var count = 0;
        var problems = new List<string>();
        foreach (var store in _stores)
        {
            var read = await store.ReadNewAsync(cancellationToken);
            ledger.Add(read.Records);
            count += read.Records.Count;
            problems.AddRange(read.Problems);
        }
        return (count, problems);
    }

    /// <summary>Reads everything the submissions' stores hold into <paramref name="ledger"/>, reporting skipped lines through <paramref name="warn"/>.</summary>
    public static async Task ReadAllAsync(
        IExperimentBackend backend, IEnumerable<Submission> submissions, PointLedger ledger, Action<string> warn, CancellationToken cancellationToken)
    {
        using var stores = new RunStores(backend, submissions);
        var (_, problems) = await stores.ReadIntoAsync(ledger, cancellationToken);
        foreach (var problem in problems)
            warn(problem);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
            store.Dispose();
    }
}
