using Experiments;

namespace Sweeps;

/// <summary>Points that take long, for stopping a run midway.</summary>
public static class Long
{
    /// <summary>
    /// 8 points. replicate 0 and 1 take 50 ms; the others wait 60 s, honouring their token (so a stopped run records
    /// them as cancelled within moments). Returns the replicate. No timeout, Retries = 0.
    /// </summary>
    [Experiment]
    public static async Task<int> Wait([Replicates(8)] int replicate, CancellationToken cancellationToken)
    {
        await Task.Delay(replicate < 2 ? 50 : 60_000, cancellationToken);
        return replicate;
    }
}
