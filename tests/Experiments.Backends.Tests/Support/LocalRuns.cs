using Experiments.Backends.Local;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Support;

/// <summary>Runs a plan of the Sweeps app on the local backend and waits for it, as the tool does.</summary>
public sealed class LocalRuns : IAsyncDisposable
{
    private readonly SweepsApp _app;
    private readonly TempDirectory _temp = new("local");

    public LocalRuns(SweepsApp app, int parallelism = 2)
    {
        _app = app;
        Backend = new LocalBackend(new LocalBackendOptions { Parallelism = parallelism, CancelGrace = TimeSpan.FromSeconds(10) });
        RunDirectory = _temp.Combine("run");
        Directory.CreateDirectory(RunDirectory);
    }

    public LocalBackend Backend { get; }

    public string RunDirectory { get; }

    public async Task<Submission> SubmitAsync(RunPlan plan, string planPath)
    {
        var package = await Backend.PrepareAsync(new PackageRequest(_app.OutputDirectory, "Sweeps"), CancellationToken.None);
        return await Backend.SubmitAsync(new SubmitRequest(package, plan, planPath, RunDirectory), CancellationToken.None);
    }

    /// <summary>Plans the named experiments, runs them to the end and returns the final status.</summary>
    public async Task<SubmissionStatus> RunAsync(int pointsPerTask, params string[] experiments)
    {
        var (plan, path) = _app.WritePlan(RunDirectory, pointsPerTask, experiments);
        var submission = await SubmitAsync(plan, path);
        return await WaitAsync(submission);
    }

    /// <summary>Polls until the submission is finished; fails with the workers' logs if it takes minutes.</summary>
    public async Task<SubmissionStatus> WaitAsync(Submission submission)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var status = await Backend.PollAsync(submission, CancellationToken.None);
            if (status.Finished)
                return status;
            if (DateTime.UtcNow > limit)
                throw new global::Xunit.Sdk.XunitException($"The run did not finish in 3 minutes.\n{Logs()}\n{Records().Dump()}");
            await Task.Delay(100);
        }
    }

    public StoreRecords Records() => StoreRecords.Read(RunDirectory);

    /// <summary>Everything the workers wrote to stderr.</summary>
    public string Logs()
    {
        var logs = Path.Combine(RunDirectory, "logs");
        return Directory.Exists(logs)
            ? string.Join("\n", Directory.GetFiles(logs).Order().Select(f => $"== {Path.GetFileName(f)}\n{File.ReadAllText(f)}"))
            : "(no worker logs)";
    }

    public async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync();
        _temp.Dispose();
    }
}
