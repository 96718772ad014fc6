namespace Experiments.Tests.Support;

internal enum Solver
{
    Omp,
    Lasso,
}

internal sealed record Outcome(double Delta, int Replicate, string Solver, int Seed, string Key);

/// <summary>
/// Experiments declared like a user's, for the discoverer and runner tests. Internal, so xunit does not discover them
/// in this test project; the tests hand them to the discoverer themselves.
/// </summary>
internal sealed class SampleStudy
{
    public static int Constructed;

    public SampleStudy() => Interlocked.Increment(ref Constructed);

    [Experiment(Timeout = "00:00:30")]
    public Outcome Run([Grid(0.1, 0.5)] double delta, [Replicates(3)] int replicate, Solver solver, ExperimentContext context)
    {
        context.Log.WriteLine($"simulating delta={delta} with {solver}");
        return new Outcome(delta, replicate, solver.ToString(), context.Seed, context.Key);
    }

    [Experiment(Explicit = false, DisplayName = "Cheap check")]
    public void Cheap([Grid("a;b", "", " x")] string label, [Grid('q', '"')] char mark)
    {
    }

    [Experiment]
    public void Huge([Range(0, 99, 1)] int a, [Range(0, 99, 1)] int b, [Range(0, 99, 1)] int c)
    {
    }

    [Experiment(Skip = "not today")]
    public void Skipped([Replicates(4)] int replicate)
    {
    }

    [Experiment]
    public void Fails([Replicates(2)] int replicate) =>
        throw new InvalidOperationException($"replicate {replicate} diverged");

    [Experiment(Timeout = "00:00:01")]
    public async Task Slow([Replicates(1)] int replicate, CancellationToken cancellationToken) =>
        await Task.Delay(Timeout.Infinite, cancellationToken);

    [Experiment]
    public void Artifacts([Replicates(1)] int replicate, ExperimentContext context) =>
        File.WriteAllText(Path.Combine(context.ArtifactsDirectory, "note.txt"), "kept");
}

/// <summary>An experiment whose generated code is missing (as when the generator reported an error).</summary>
internal sealed class Unregistered
{
    [Experiment]
    public void Run([Replicates(2)] int replicate)
    {
    }
}
