using Experiments.Stores.S3;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// The endpoint, signing region and credentials of an AWS Batch client, found as the AWS CLI finds them. Endpoint:
/// the options, <c>AWS_ENDPOINT_URL_BATCH</c>, <c>AWS_ENDPOINT_URL</c>, else the region's public endpoint. Region: the
/// options, <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's, the SDK's region chain (then us-east-1 for an
/// endpoint override, which needs one only to sign). Credentials: the options, the named profile, <c>AWS_ACCESS_KEY_ID</c> +
/// <c>AWS_SECRET_ACCESS_KEY</c> (+ <c>AWS_SESSION_TOKEN</c>), else AWSSDK.Core's default chain.
/// </summary>
internal sealed class AwsBatchConnection
{
    public const string BatchEndpointVariable = "AWS_ENDPOINT_URL_BATCH";
    public const string EndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>CloudWatch Logs' own endpoint override, as the AWS SDKs and CLI name it (service id "CloudWatch Logs").</summary>
    public const string LogsEndpointVariable = "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS";
    private const string OverrideFallbackRegion = "us-east-1";

    /// <summary>What the SDK's default chain looks at, for the message when it finds nothing.</summary>
    public const string ChainDescription =
        "the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN for temporary keys), " +
        "the profile named by AWS_PROFILE (else 'default') in ~/.aws/credentials and ~/.aws/config (static keys, SSO, " +
        "credential_process, role_arn), web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), the ECS/Batch " +
        "container credentials endpoint and EC2 instance metadata";

    private readonly AWSCredentials? _credentials;
    private readonly string? _profile;
    private AWSCredentials? _resolved;

    private AwsBatchConnection(Uri endpoint, Uri logsEndpoint, string region, AWSCredentials? credentials, string? profile)
    {
        Endpoint = endpoint;
        LogsEndpoint = logsEndpoint;
        Region = region;
        _credentials = credentials;
        _profile = profile;
    }

    /// <summary>The service URL, ending in '/'.</summary>
    public Uri Endpoint { get; }

    /// <summary>CloudWatch Logs' URL, ending in '/': <c>AWS_ENDPOINT_URL_CLOUDWATCH_LOGS</c>, <c>AWS_ENDPOINT_URL</c>, else the region's.</summary>
    public Uri LogsEndpoint { get; }

    public string Region { get; }

    public static AwsBatchConnection Resolve(AwsBatchClientOptions options)
    {
        var environment = options.Environment;
        var profileName = NonEmpty(options.Profile);
        CredentialProfile? profile = null;
        if (profileName is not null && !new CredentialProfileStoreChain().TryGetProfile(profileName, out profile))
            throw Configuration($"There is no AWS profile named '{profileName}' in ~/.aws/config or ~/.aws/credentials; " +
                "create it with 'aws configure --profile NAME' or 'aws configure sso --profile NAME', or name an existing one.");

        var overrideText = options.Endpoint?.ToString() ?? NonEmpty(environment(BatchEndpointVariable)) ?? NonEmpty(environment(EndpointVariable));
        var region = NonEmpty(options.Region) ?? NonEmpty(environment("AWS_REGION")) ?? NonEmpty(environment("AWS_DEFAULT_REGION"))
            ?? profile?.Region?.SystemName;
        if (region is null && overrideText is null)
            region = FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        if (region is null && overrideText is null)
            throw Configuration("No AWS region is set for AWS Batch: set AWS_REGION (e.g. AWS_REGION=eu-west-1), a region in your AWS profile " +
                "('aws configure set region eu-west-1'), or the backend's region option.");
        region ??= OverrideFallbackRegion;

        Uri endpoint;
        if (overrideText is not null)
        {
            if (!Uri.TryCreate(overrideText, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.Query.Length > 0)
                throw Configuration($"{BatchEndpointVariable}/{EndpointVariable} (or the endpoint option) must be an http(s) URL without a query, " +
                    $"such as http://127.0.0.1:5010, not '{overrideText}'.");
            endpoint = parsed;
        }
        else
        {
            var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
            endpoint = new Uri($"https://batch.{region}.{suffix}/");
        }
        if (!endpoint.AbsoluteUri.EndsWith('/'))
            endpoint = new Uri(endpoint.AbsoluteUri + "/");
        var logsText = NonEmpty(environment(LogsEndpointVariable)) ?? NonEmpty(environment(EndpointVariable));
        Uri logsEndpoint;
        if (logsText is not null)
        {
            if (!Uri.TryCreate(logsText, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.Query.Length > 0)
                throw Configuration($"{LogsEndpointVariable}/{EndpointVariable} must be an http(s) URL without a query, such as http://127.0.0.1:5010, not '{logsText}'.");
            logsEndpoint = new Uri(parsed.AbsoluteUri.TrimEnd('/') + "/");
        }
        else
        {
            logsEndpoint = new Uri($"https://logs.{region}.{(region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com")}/");
        }

        // A profile named explicitly wins over keys in the environment, as with the AWS CLI's --profile.
        AWSCredentials? credentials = options.Credentials;
        if (credentials is null && profileName is not null && !new CredentialProfileStoreChain().TryGetAWSCredentials(profileName, out credentials))
            throw Configuration($"The AWS profile '{profileName}' has no usable credentials; run 'aws configure --profile {profileName}' or 'aws sso login --profile {profileName}'.");
        credentials ??= AwsEnvironmentCredentials.From(environment);
        return new AwsBatchConnection(endpoint, logsEndpoint, region, credentials, profileName);
    }

    /// <summary>The credentials for the next request (temporary ones are refreshed by the SDK as they expire).</summary>
    public async Task<ImmutableCredentials> CredentialsAsync()
    {
        try
        {
            _resolved ??= _credentials ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
            var credentials = await _resolved.GetCredentialsAsync().ConfigureAwait(false);
            if (credentials is null || string.IsNullOrEmpty(credentials.AccessKey))
                throw new AmazonClientException("The credentials found are empty.");
            return credentials;
        }
        catch (AmazonClientException e)
        {
            // The SDK's message lists each provider's failure; it holds no secret, but the summary is what people need.
            throw new AwsBatchException(
                $"No AWS credentials were found for AWS Batch{(_profile is null ? "" : $" (profile '{_profile}')")}. The SDK's default chain looked at {ChainDescription}. " +
                "Run 'aws configure' or 'aws sso login', or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. (" + FirstLine(e.Message) + ")",
                "credentials", innerException: e);
        }
    }

    private static AwsBatchException Configuration(string message) => new(message, "configuration");

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
