using System.Text.RegularExpressions;
using Experiments.Backends.Container;
using Experiments.Backends.GoogleBatch.Client;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// The <c>gcp-batch</c> section of the experiments config file, bound by <see cref="GoogleBatchConfig"/>. Only
/// <see cref="Project"/>, <see cref="Region"/>, <see cref="Store"/> and the image's registry and repository are
/// required; Batch picks machines itself when nothing else is set.
/// </summary>
public sealed partial record GoogleBatchOptions
{
    /// <summary>The config section's name; messages name keys as <c>gcp-batch.{key}</c>.</summary>
    public const string Section = GoogleBatchBackend.BackendName;

    public const int DefaultMaxRetryCount = 1;

    /// <summary>The project the jobs run in (its id, e.g. <c>my-project</c>).</summary>
    public string Project { get; init; } = "";

    /// <summary>The region (Batch's location) the jobs run in, e.g. <c>europe-west1</c>.</summary>
    public string Region { get; init; } = "";

    /// <summary>Where records and plans go: <c>gs://bucket/prefix</c>; each run under <c>runs/{run id}</c>.</summary>
    public string Store { get; init; } = "";

    /// <summary>The Batch API's root; null for https://batch.googleapis.com/ (private endpoints, emulators).</summary>
    public string? Endpoint { get; init; }

    /// <summary>The Cloud Logging API's root, where <c>logs</c> reads the tasks' output; null for https://logging.googleapis.com/.</summary>
    public string? LoggingEndpoint { get; init; }

    /// <summary>The image's registry, repository and base.</summary>
    public ContainerImageOptions Image { get; init; } = new();

    /// <summary>The most tasks of one job running at once; null for Batch's default (all of them).</summary>
    public int? Parallelism { get; init; }

    /// <summary>The Compute Engine machine type (<c>e2-standard-4</c>); null lets Batch choose from the tasks' resources.</summary>
    public string? MachineType { get; init; }

    /// <summary>STANDARD or SPOT; null for STANDARD.</summary>
    public string? ProvisioningModel { get; init; }

    /// <summary>The e-mail of the service account the VMs (and so the workers' storage calls) run as; null for Compute Engine's default.</summary>
    public string? ServiceAccount { get; init; }

    /// <summary>The VPC network (<c>projects/P/global/networks/N</c>); null for the default network.</summary>
    public string? Network { get; init; }

    /// <summary>The subnetwork (<c>projects/P/regions/R/subnetworks/S</c>).</summary>
    public string? Subnetwork { get; init; }

    /// <summary>How many times Batch retries a failed task (0–10): a preempted Spot VM or a lost node is a failed attempt.</summary>
    public int MaxRetryCount { get; init; } = DefaultMaxRetryCount;

    /// <summary>The GPU type attached when an experiment asks for GPUs (<c>nvidia-tesla-t4</c>, <c>nvidia-l4</c>).</summary>
    public string? AcceleratorType { get; init; }

    public const string DefaultAcceleratorType = "nvidia-tesla-t4";

    /// <summary>The Batch API root to call.</summary>
    public Uri EndpointUri => Endpoint is null ? GoogleBatchClientOptions.DefaultEndpoint : new Uri(Endpoint);

    /// <summary>The Cloud Logging API root to call.</summary>
    public Uri LoggingEndpointUri => LoggingEndpoint is null ? GoogleBatchClientOptions.DefaultLoggingEndpoint : new Uri(LoggingEndpoint);

    /// <summary>The store root, parsed.</summary>
    public Uri StoreUri => new(Store);

    /// <summary><c>projects/{project}/locations/{region}</c>: the parent of the jobs.</summary>
    public string Parent => $"projects/{Project}/locations/{Region}";

    /// <summary>Every problem with these settings, each naming the key, what was wrong and what is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Project))
            problems.Add($"{Key("project")} is required: the id of the Google Cloud project the jobs run in, e.g. my-project.");
        else if (!ProjectPattern().IsMatch(Project))
            problems.Add($"{Key("project")} is '{Project}'; a project id is 6–30 lowercase letters, digits and hyphens, starting with a letter (e.g. my-project), optionally after a domain and ':' (example.com:my-project).");
        if (string.IsNullOrWhiteSpace(Region))
            problems.Add($"{Key("region")} is required: the region the jobs run in, e.g. us-central1 or europe-west1.");
        else if (!RegionPattern().IsMatch(Region))
            problems.Add($"{Key("region")} is '{Region}'; it must be a Google Cloud region such as us-central1 or europe-west4 (a region, not a zone such as us-central1-a).");
        if (string.IsNullOrWhiteSpace(Store))
            problems.Add($"{Key("store")} is required: the Cloud Storage location results go to, gs://bucket/prefix.");
        else if (StoreProblem(Store) is { } store)
            problems.Add($"{Key("store")} is '{Store}'; {store}");
        if (Endpoint is not null && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.UserInfo)))
            problems.Add($"{Key("endpoint")} is '{Endpoint}'; it must be an http(s) URL with no query or user part, e.g. https://batch.googleapis.com/ (leave it out for that).");
        if (LoggingEndpoint is not null && (!Uri.TryCreate(LoggingEndpoint, UriKind.Absolute, out var logging) || logging.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(logging.Query) || !string.IsNullOrEmpty(logging.UserInfo)))
            problems.Add($"{Key("loggingEndpoint")} is '{LoggingEndpoint}'; it must be an http(s) URL with no query or user part, e.g. https://logging.googleapis.com/ (leave it out for that).");
        problems.AddRange(Image.Problems(Section));
        if (Parallelism is < 1)
            problems.Add($"{Key("parallelism")} is {Parallelism}; it must be at least 1 (leave it out to let every task of a job run at once).");
        if (MachineType is not null && !MachineTypePattern().IsMatch(MachineType))
            problems.Add($"{Key("machineType")} is '{MachineType}'; it must be a Compute Engine machine type such as e2-standard-4 or n2-highmem-8 (lowercase letters, digits and hyphens), or left out to let Batch choose.");
        if (ProvisioningModel is not null && ProvisioningModel is not (BatchEnums.Standard or BatchEnums.Spot))
            problems.Add($"{Key("provisioningModel")} is '{ProvisioningModel}'; valid values: {BatchEnums.Standard} (the default) or {BatchEnums.Spot} (cheaper, may be preempted: tasks are retried).");
        if (ServiceAccount is not null && !ServiceAccountPattern().IsMatch(ServiceAccount))
            problems.Add($"{Key("serviceAccount")} is '{ServiceAccount}'; it must be a service account e-mail such as worker@my-project.iam.gserviceaccount.com, or left out for Compute Engine's default account.");
        if (Network is not null && !ResourcePattern().IsMatch(Network))
            problems.Add($"{Key("network")} is '{Network}'; it must name a VPC network, e.g. projects/my-project/global/networks/default (no spaces), or be left out for the default network.");
        if (Subnetwork is not null && !ResourcePattern().IsMatch(Subnetwork))
            problems.Add($"{Key("subnetwork")} is '{Subnetwork}'; it must name a subnetwork, e.g. projects/my-project/regions/us-central1/subnetworks/default (no spaces).");
        if (MaxRetryCount is < 0 or > GoogleBatchJobs.MaxRetryCountLimit)
            problems.Add($"{Key("maxRetryCount")} is {MaxRetryCount}; it must be 0 to {GoogleBatchJobs.MaxRetryCountLimit} (default {DefaultMaxRetryCount}).");
        if (AcceleratorType is not null && !MachineTypePattern().IsMatch(AcceleratorType))
            problems.Add($"{Key("acceleratorType")} is '{AcceleratorType}'; it must be a GPU type such as nvidia-tesla-t4 or nvidia-l4.");
        return problems;
    }

    /// <summary>Why a store location is not gs://bucket[/prefix], or null.</summary>
    internal static string? StoreProblem(string store)
    {
        if (!Uri.TryCreate(store, UriKind.Absolute, out var uri) || uri.Scheme != "gs")
            return "it must be a Cloud Storage location gs://bucket/prefix (the bucket must exist).";
        try
        {
            Experiments.Stores.Gcs.GcsLocation.Parse(uri);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Split(" (Parameter", 2)[0];
        }
    }

    private static string Key(string name) => $"{Section}.{name}";

    [GeneratedRegex("^([a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectPattern();

    [GeneratedRegex("^[a-z]+-[a-z]+[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex MachineTypePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceAccountPattern();

    [GeneratedRegex(@"^[^\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcePattern();
}
