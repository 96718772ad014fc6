using Amazon.Runtime;
using Experiments.Backends.AwsBatch.Client;
using Experiments.CloudEmulators.AwsBatch;
using Experiments.TestSupport.Services;

namespace Experiments.AwsBatch.Tests;

/// <summary>
/// A <see cref="MotoAccount"/> (role, compute environment, job queue) behind <see cref="AwsBatchContractProxy"/>, so
/// every request the client sends is checked against the botocore model. moto is started by tests/Cloud/moto.sh.
/// </summary>
public sealed class MotoBatch : IAsyncLifetime
{
    public const string Region = MotoAccount.Region;
    public static readonly Uri Moto = MotoAccount.Moto;

    private MotoAccount? _account;
    private AwsBatchContractProxy? _proxy;

    public AwsBatchContractProxy Proxy => _proxy ?? throw new InvalidOperationException("moto is not set up.");

    public string JobQueue => _account?.JobQueue ?? throw new InvalidOperationException("moto is not set up.");

    /// <summary>Why moto is not usable, or null; tests call <see cref="RequiredService.Require"/> with it.</summary>
    public string? Unavailable { get; private set; }

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIAEXPERIMENTSTEST", "moto-accepts-any-secret");

    public async ValueTask InitializeAsync()
    {
        Unavailable = await MotoAccount.WhyUnavailableAsync();
        if (Unavailable is not null)
            return;
        _account = await MotoAccount.CreateAsync("experiments", withBucket: false);
        _proxy = new AwsBatchContractProxy(Moto);
        await _proxy.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
            await _proxy.DisposeAsync();
    }

    /// <summary>A client of the proxy; <paramref name="handler"/> goes under it (a fault injector).</summary>
    public AwsBatchHttpClient Client(HttpMessageHandler? handler = null, AwsBatchRetryPolicy? retry = null) => new(new AwsBatchClientOptions
    {
        Region = Region,
        Endpoint = Proxy.BaseUri,
        Credentials = Credentials,
        Environment = _ => null,
        HttpHandler = handler,
        Retry = retry ?? new AwsBatchRetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) },
    });

    public void Require() => RequiredService.Require("moto", Unavailable, "sudo tests/Cloud/moto.sh");
}

[CollectionDefinition(Name)]
public sealed class MotoBatchCollection : ICollectionFixture<MotoBatch>
{
    public const string Name = "moto AWS Batch";
}
