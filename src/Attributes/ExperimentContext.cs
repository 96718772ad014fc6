namespace Experiments;

/// <summary>
/// Injected into an experiment method that declares a parameter of this type: who this point is, its derived seed,
/// cancellation, and a place for artifacts. The same in the IDE, the local backend and every cluster or cloud worker.
/// </summary>
public sealed class ExperimentContext
{
    private readonly string _artifactsRoot;

    public ExperimentContext(
        string experiment,
        string key,
        int seed,
        int attempt,
        string artifactsRoot,
        TextWriter log,
        CancellationToken cancellationToken)
    {
        Experiment = experiment;
        Key = key;
        Seed = seed;
        Attempt = attempt;
        _artifactsRoot = artifactsRoot;
        Log = log;
        CancellationToken = cancellationToken;
    }

    /// <summary>The experiment's name.</summary>
    public string Experiment { get; }

    /// <summary>The point's canonical key, e.g. <c>delta=0.5;rho=0.02;replicate=3</c>.</summary>
    public string Key { get; }

    /// <summary>A seed derived from the experiment name and the key: stable across machines and runs, recorded with the point.</summary>
    public int Seed { get; }

    /// <summary>1 for the first attempt, 2 for the first retry, …</summary>
    public int Attempt { get; }

    /// <summary>Where this point's messages go: the test output in the IDE, the worker's log on a backend.</summary>
    public TextWriter Log { get; }

    /// <summary>Signalled when the point's timeout passes or the run is cancelled.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>A directory of this point's own for files it produces; created on first use.</summary>
    public string ArtifactsDirectory
    {
        get
        {
            var dir = Path.Combine(_artifactsRoot, ArtifactsFolderName(Key));
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>A file-system-safe, collision-free folder name for a key.</summary>
    internal static string ArtifactsFolderName(string key)
    {
        var safe = new char[Math.Min(key.Length, 80)];
        for (var i = 0; i < safe.Length; i++)
            safe[i] = char.IsAsciiLetterOrDigit(key[i]) || key[i] is '.' or '-' or '_' or '=' ? key[i] : '_';
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..12];
        return new string(safe) + "-" + hash.ToLowerInvariant();
    }
}
