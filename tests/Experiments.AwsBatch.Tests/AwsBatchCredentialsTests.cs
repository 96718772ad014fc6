using Experiments.Backends.AwsBatch.Client;
using Experiments.TestSupport;

namespace Experiments.AwsBatch.Tests;

/// <summary>
/// The SDK's default credential chain, run for real in an environment where it can find nothing. It reads the
/// process environment, so these tests run alone (no other test changes or reads it meanwhile).
/// </summary>
[Collection(Name)]
public sealed class AwsBatchCredentialsTests(AwsProfileFiles files)
{
    public const string Name = "AWS process environment";

    private static readonly string[] ChainVariables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED",
    ];

    [Fact]
    public async Task Without_credentials_the_error_names_the_chain_and_nothing_is_sent()
    {
        using var environment = new ProcessEnvironment(ChainVariables, files.Variables);
        var faults = new FaultInjectingHandler();
        using var client = new AwsBatchHttpClient(new AwsBatchClientOptions
        {
            Region = "eu-west-1",
            Environment = System.Environment.GetEnvironmentVariable,
            HttpHandler = faults,
        });

        var error = await Assert.ThrowsAsync<AwsBatchException>(() => client.ListJobsAsync(new ListJobsRequest { JobQueue = "q" }, TestContext.Current.CancellationToken));

        Assert.Equal("credentials", error.Operation);
        Assert.StartsWith("No AWS credentials were found for AWS Batch.", error.Message);
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message);
        Assert.Contains("~/.aws/credentials", error.Message);
        Assert.Contains("EC2 instance metadata", error.Message);
        Assert.Contains("aws configure", error.Message);
        Assert.Equal(0, faults.Sent);
        Assert.Equal(new Uri("https://batch.eu-west-1.amazonaws.com/"), client.Endpoint);
    }

    [Fact]
    public async Task A_named_profile_is_used_and_an_unknown_one_is_refused_by_name()
    {
        using var environment = new ProcessEnvironment(ChainVariables, files.Variables);
        var captured = new CapturingHandler();

        using var client = new AwsBatchHttpClient(new AwsBatchClientOptions { Profile = "experiments-test", HttpHandler = captured });
        await Assert.ThrowsAsync<AwsBatchException>(() => client.TerminateJobAsync(new TerminateJobRequest("j", "r"), TestContext.Current.CancellationToken));
        var unknown = Assert.Throws<AwsBatchException>(() => new AwsBatchHttpClient(new AwsBatchClientOptions { Profile = "no-such-profile" }));

        Assert.Equal("ap-southeast-2", client.Region);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAPROFILEKEY/", captured.Authorization);
        Assert.Contains("/ap-southeast-2/batch/aws4_request", captured.Authorization);
        Assert.DoesNotContain("profile-secret", captured.Authorization);
        Assert.Contains("no AWS profile named 'no-such-profile'", unknown.Message);
    }

    /// <summary>Sets process variables for one test and puts the old values back.</summary>
    private sealed class ProcessEnvironment : IDisposable
    {
        private readonly Dictionary<string, string?> _saved;

        public ProcessEnvironment(IEnumerable<string> cleared, IReadOnlyDictionary<string, string> set)
        {
            _saved = cleared.Concat(set.Keys).Distinct().ToDictionary(n => n, System.Environment.GetEnvironmentVariable);
            foreach (var name in _saved.Keys)
                System.Environment.SetEnvironmentVariable(name, set.GetValueOrDefault(name));
        }

        public void Dispose()
        {
            foreach (var (name, value) in _saved)
                System.Environment.SetEnvironmentVariable(name, value);
        }
    }
}

[CollectionDefinition(AwsBatchCredentialsTests.Name, DisableParallelization = true)]
public sealed class AwsProcessEnvironmentCollection : ICollectionFixture<AwsProfileFiles>
{
}

/// <summary>
/// Shared config and credentials files holding only a named profile (no 'default'). The SDK remembers where the files
/// are the first time anything in the process looks (an S3 client made by another test class does), so they are made,
/// and the process pointed at them, when the test assembly loads: every test here then sees the same ones.
/// </summary>
public sealed class AwsProfileFiles
{
    private static readonly Dictionary<string, string> Shared = new();

    public IReadOnlyDictionary<string, string> Variables => Shared;

#pragma warning disable CA2255 // a test assembly's own process set-up, before any test touches the AWS SDK
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void PointTheSdkAtTestFiles()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"experiments-aws-profiles-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "credentials"), "[experiments-test]\naws_access_key_id = AKIAPROFILEKEY\naws_secret_access_key = profile-secret\n");
        File.WriteAllText(Path.Combine(directory, "config"), "[profile experiments-test]\nregion = ap-southeast-2\n");
        Shared["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(directory, "credentials");
        Shared["AWS_CONFIG_FILE"] = Path.Combine(directory, "config");
        Shared["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in Shared)
            Environment.SetEnvironmentVariable(name, value);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }
}
