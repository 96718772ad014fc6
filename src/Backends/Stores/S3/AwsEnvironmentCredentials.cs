using Amazon.Runtime;

namespace Experiments.Stores.S3;

/// <summary>
/// The first step of AWS's credential chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), read from a
/// given environment rather than the process's, so a caller can pass a task's environment. Null lets the SDK's chain go
/// on (profiles, SSO, container, instance). Shared by the S3 store and the AWS Batch client.
/// </summary>
public static class AwsEnvironmentCredentials
{
    public static AWSCredentials? From(Func<string, string?> environment)
    {
        var accessKey = NonEmpty(environment("AWS_ACCESS_KEY_ID"));
        var secretKey = NonEmpty(environment("AWS_SECRET_ACCESS_KEY"));
        if (accessKey is null || secretKey is null)
            return null;
        return NonEmpty(environment("AWS_SESSION_TOKEN")) is { } token
            ? new SessionAWSCredentials(accessKey, secretKey, token)
            : new BasicAWSCredentials(accessKey, secretKey);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
