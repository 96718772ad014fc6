using Experiments.Stores.Azure;
using Experiments.Stores.Gcs;
using Experiments.Stores.S3;

namespace Experiments.Stores;

/// <summary>
/// Opens the object store a location names: <c>s3://bucket/prefix</c> (Amazon S3),
/// <c>https://account.blob.core.windows.net/container/prefix</c> or Azurite's
/// <c>http://127.0.0.1:10000/account/container/prefix</c> (Azure Blob Storage), <c>gs://bucket/prefix</c> (Google Cloud
/// Storage). A SAS token may follow an Azure location as its query; it is used, never shown.
/// </summary>
public static class ObjectStores
{
    public static IObjectStore Open(Uri location, ObjectStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Scheme.ToLowerInvariant() switch
        {
            S3Location.Scheme => new S3ObjectStore(S3Location.Parse(location), options),
            GcsLocation.Scheme => new GcsObjectStore(GcsLocation.Parse(location), options),
            "https" or "http" => new AzureBlobObjectStore(AzureBlobLocation.Parse(location), options),
            _ => throw new ArgumentException(
                $"'{location.Scheme}://' is not an object store this version knows; use s3://bucket/prefix, " +
                "https://account.blob.core.windows.net/container/prefix or gs://bucket/prefix.", nameof(location)),
        };
    }

    /// <summary>Whether a store location names object storage rather than a directory.</summary>
    public static bool IsObjectStoreLocation(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Scheme.Length > 1
        && location.Contains("://", StringComparison.Ordinal);
}
