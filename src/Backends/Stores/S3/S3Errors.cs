using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace Experiments.Stores.S3;

/// <summary>Turns the SDK's exceptions into messages that say what to check. The SDK's own messages hold no secrets.</summary>
internal static class S3Errors
{
    public static ObjectStoreException Describe(Exception exception, string location, string action)
    {
        switch (exception)
        {
            case AmazonS3Exception s3:
            {
                var status = (int)s3.StatusCode;
                var advice = s3.ErrorCode switch
                {
                    "NoSuchBucket" => "the bucket does not exist; create it or correct the location",
                    "InvalidAccessKeyId" => "the access key is not known to AWS; check AWS_ACCESS_KEY_ID or the profile in use",
                    "SignatureDoesNotMatch" => "the secret key does not match the access key; check AWS_SECRET_ACCESS_KEY or the profile in use",
                    "ExpiredToken" or "TokenRefreshRequired" => "the session credentials have expired; renew them (aws sso login, or new role credentials)",
                    "AccessDenied" or "AllAccessDisabled" => "the credentials in use may not do this; the IAM policy needs s3:GetObject, s3:PutObject and s3:ListBucket on it",
                    _ when s3.StatusCode == HttpStatusCode.Forbidden => "the credentials in use were refused",
                    _ => s3.Message,
                };
                return new ObjectStoreException(
                    $"S3 refused to {action} {location} ({status} {s3.ErrorCode}): {advice}.", status, s3.ErrorCode);
            }
            case AmazonClientException client when client.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase):
                return new ObjectStoreException(
                    $"Could not {action} {location}: no AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
                    $"AWS_PROFILE, or run where the SDK finds role credentials (ECS/Batch task role, instance profile). ({client.Message})");
            default:
                return new ObjectStoreException($"Could not {action} {location}: {exception.Message}");
        }
    }
}
