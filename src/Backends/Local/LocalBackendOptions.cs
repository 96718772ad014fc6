namespace Experiments.Backends.Local;

/// <summary>Settings of the local backend.</summary>
public sealed record LocalBackendOptions
{
    /// <summary>How many worker processes run at once (<c>--parallel</c>); default: the processor count.</summary>
    public int Parallelism { get; init; } = System.Environment.ProcessorCount;

    /// <summary>How long a worker may take to record its cancelled point and exit after SIGTERM before it is killed.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>dotnet</c> host that runs the app; default: the host running this process, else <c>dotnet</c> on PATH.</summary>
    public string? DotnetPath { get; init; }

    /// <summary>Extra environment variables for the workers (e.g. <c>EXPERIMENTS_TIMEOUT_GRACE</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    internal void Validate()
    {
        if (Parallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "--parallel must be at least 1.");
        if (CancelGrace < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(CancelGrace), CancelGrace, "The cancel grace period cannot be negative.");
    }
}
