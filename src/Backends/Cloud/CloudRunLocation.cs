namespace Experiments.Backends.Cloud;

/// <summary>
/// Where a cloud run keeps its plan and records: <c>{store root}/runs/{run id}</c>, with <c>plan.json</c> beside
/// <c>records/</c>. The root is what the backend's <c>store</c> key names (<c>s3://bucket/prefix</c>,
/// <c>https://account.blob.core.windows.net/container/prefix</c>, <c>gs://bucket/prefix</c>). A query on the root (an
/// Azure SAS token) stays on every location made from it, and <see cref="Display"/> is the only form that is shown or
/// kept in the journal.
/// </summary>
public sealed class CloudRunLocation
{
    public const string PlanObject = "plan.json";

    private CloudRunLocation(Uri root, string runId)
    {
        RunId = runId;
        var builder = new UriBuilder(root);
        builder.Path = builder.Path.TrimEnd('/') + "/runs/" + Uri.EscapeDataString(runId);
        Store = builder.Uri;
        Plan = new UriBuilder(Store) { Path = builder.Path + "/" + PlanObject }.Uri;
    }

    public string RunId { get; }

    /// <summary>The run's store: what workers get as <c>EXPERIMENTS_STORE</c> and the tool reads records from.</summary>
    public Uri Store { get; }

    /// <summary>The uploaded plan: what workers get as <c>EXPERIMENTS_PLAN</c>.</summary>
    public Uri Plan { get; }

    /// <summary>The run's store without any query or user information: safe to print and to journal.</summary>
    public string Display => Store.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    public static CloudRunLocation For(Uri storeRoot, string runId)
    {
        ArgumentNullException.ThrowIfNull(storeRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return new CloudRunLocation(storeRoot, runId);
    }
}
