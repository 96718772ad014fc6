namespace Experiments.Stores.Gcs;

/// <summary>A <c>gs://bucket/prefix</c> location.</summary>
public sealed record GcsLocation(string Bucket, string Prefix)
{
    public const string Scheme = "gs";

    public static GcsLocation Parse(Uri uri)
    {
        if (!string.Equals(uri.Scheme, Scheme, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{uri.Scheme}://' is not a Google Cloud Storage location; expected gs://bucket/prefix.", nameof(uri));
        var bucket = uri.Host;
        if (bucket.Length is < 3 or > 222)
            throw new ArgumentException($"The Google Cloud Storage location gs://{bucket}{uri.AbsolutePath} needs a bucket name of 3 to 222 characters: gs://bucket/prefix.", nameof(uri));
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            throw new ArgumentException($"A Google Cloud Storage location is gs://bucket/prefix with no query or user part (credentials come from Application Default Credentials), not gs://{bucket}{uri.AbsolutePath}.", nameof(uri));
        return new GcsLocation(bucket, ObjectNames.NormalizePrefix(Uri.UnescapeDataString(uri.AbsolutePath)));
    }

    public override string ToString() => Prefix.Length == 0 ? $"gs://{Bucket}" : $"gs://{Bucket}/{Prefix}";
}
