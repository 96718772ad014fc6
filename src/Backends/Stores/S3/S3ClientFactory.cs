using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace Experiments.Stores.S3;

/// <summary>
/// An S3 client configured the way the AWS CLI would be in the same environment: credentials and region from the
/// SDK's chain (environment, profiles, SSO, ECS/Batch container credentials, instance metadata), and an endpoint
/// override from <c>AWS_ENDPOINT_URL_S3</c> or <c>AWS_ENDPOINT_URL</c> (moto, MinIO), addressed path-style.
/// </summary>
internal static class S3ClientFactory
{
    public const string S3EndpointVariable = "AWS_ENDPOINT_URL_S3";
    public const string EndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>The region requests are signed for when neither the environment nor a profile names one (an endpoint override needs one).</summary>
    private const string FallbackRegion = "us-east-1";

    public static AmazonS3Client Create(ObjectStoreOptions options)
    {
        var config = new AmazonS3Config
        {
            // Trailing checksums are not understood by every S3-compatible server; whole-object puts need none.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var endpoint = NonEmpty(options.Environment(S3EndpointVariable)) ?? NonEmpty(options.Environment(EndpointVariable));
        var region = NonEmpty(options.Environment("AWS_REGION")) ?? NonEmpty(options.Environment("AWS_DEFAULT_REGION"));
        AWSCredentials? credentials = AwsEnvironmentCredentials.From(options.Environment);
        if (options.AwsProfile is { } profileName)
        {
            var chain = new CredentialProfileStoreChain();
            if (!chain.TryGetProfile(profileName, out var profile) || !chain.TryGetAWSCredentials(profileName, out credentials))
                throw new ObjectStoreException(
                    $"There is no AWS profile named '{profileName}' with credentials in the shared config files (~/.aws/config, ~/.aws/credentials); " +
                    "configure it with 'aws configure --profile NAME' or 'aws sso login --profile NAME'.");
            region ??= profile.Region?.SystemName;
        }
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri) || endpointUri.Scheme is not ("http" or "https"))
                throw new ObjectStoreException($"{S3EndpointVariable}/{EndpointVariable} must be an http(s) URL such as http://127.0.0.1:5010, not '{endpoint}'.");
            config.ServiceURL = endpointUri.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? FallbackRegion;
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
