namespace Experiments.Stores.S3;

/// <summary>An <c>s3://bucket/prefix</c> location.</summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    public const string Scheme = "s3";

    public static S3Location Parse(Uri uri)
    {
        if (!string.Equals(uri.Scheme, Scheme, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{uri.Scheme}://' is not an S3 location; expected s3://bucket/prefix.", nameof(uri));
        var bucket = uri.Host;
        if (bucket.Length is < 3 or > 63)
            throw new ArgumentException($"The S3 location s3://{bucket}{uri.AbsolutePath} needs a bucket name of 3 to 63 characters: s3://bucket/prefix.", nameof(uri));
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            throw new ArgumentException($"An S3 location is s3://bucket/prefix with no query or user part (credentials come from the AWS chain), not s3://{bucket}{uri.AbsolutePath}.", nameof(uri));
        return new S3Location(bucket, ObjectNames.NormalizePrefix(Uri.UnescapeDataString(uri.AbsolutePath)));
    }

    public override string ToString() => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";
}
