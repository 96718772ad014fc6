using System.Diagnostics;
using Experiments.Backends;
using Experiments.Backends.AwsBatch;
using Experiments.CloudEmulators.AwsBatch;

namespace Benchmarks.CloudSubmission;

/// <summary>
/// aws-batch against moto (tests/Cloud/moto.sh) behind the contract proxy, without the proxy's fleet: moto records the
/// array jobs and their children itself. Each measurement has a new account (queue, bucket) and a new job definition
/// name, so it pays for what a first submission pays: the definition's lookup and registration.
/// </summary>
internal sealed class AwsBatchScenario : ISubmissionScenario
{
    private static readonly IReadOnlyDictionary<string, string> Environment = MotoAccount.Environment("AKIAEXPERIMENTSBENCH", "moto-benchmark-secret");

    public string Backend => AwsBatchBackend.BackendName;

    public string Service => "moto behind the botocore contract proxy";

    public string Store => "moto's S3";

    public async Task<Measurement> MeasureAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var account = await MotoAccount.CreateAsync("experiments-bench", cancellationToken: cancellationToken);
        await using var proxy = new AwsBatchContractProxy(MotoAccount.Moto);
        var endpoint = await proxy.StartAsync(cancellationToken);
        var options = new AwsBatchOptions
        {
            Image = Package.Image,
            Store = $"s3://{account.Bucket}/experiments",
            Endpoint = endpoint,
            Region = MotoAccount.Region,
            JobQueue = account.JobQueue,
            JobDefinitionName = "experiments-bench-" + Guid.NewGuid().ToString("N")[..8],
            Environment = name => Environment.GetValueOrDefault(name),
        };
        await using var backend = new AwsBatchBackend(options);

        var clock = Stopwatch.StartNew();
        var submission = await backend.SubmitAsync(request, cancellationToken);
        clock.Stop();

        Checks.NoViolations(Backend, proxy.Violations);
        return new Measurement(clock.Elapsed, proxy.Requests, [], submission.JobIds.Count);
    }
}
