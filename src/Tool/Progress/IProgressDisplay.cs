namespace Experiments.Tool.Progress;

/// <summary>Shows a run's progress while it runs: live on a terminal, as periodic plain lines when output is redirected.</summary>
public interface IProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> while the display is up; <paramref name="work"/> reports through the sink.</summary>
    Task<T> ShowAsync<T>(Func<IProgressSink, Task<T>> work);
}

public interface IProgressSink
{
    void Report(ProgressSnapshot snapshot);

    /// <summary>Something worth telling while the run goes on (a skipped store line, a backend message).</summary>
    void Note(string message);

    /// <summary>Points that have just ended (succeeded, or failed every attempt): a live picture draws them; lines need not.</summary>
    void Ended(IReadOnlyList<Experiments.Schema.PointRecord> records)
    {
    }
}
