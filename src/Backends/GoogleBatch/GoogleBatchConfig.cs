using Experiments.Backends.Configuration;
using Experiments.Backends.Container;

namespace Experiments.Backends.GoogleBatch;

/// <summary>The <c>gcp-batch</c> section of the experiments config file: binding, and the commented template <c>init</c> writes.</summary>
public static class GoogleBatchConfig
{
    public static IReadOnlyList<string> Keys { get; } =
    [
        "registry", "repository", "baseImage", "plainHttpRegistry", "store", "endpoint", "loggingEndpoint",
        "project", "region", "parallelism", "machineType", "provisioningModel", "serviceAccount", "network", "subnetwork",
        "maxRetryCount", "acceleratorType",
    ];

    /// <summary>Reads and checks the section; throws <see cref="ConfigException"/> naming the file and every bad key.</summary>
    public static GoogleBatchOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.CheckKeys(Keys);
        var options = new GoogleBatchOptions
        {
            Project = section.String("project") ?? "",
            Region = section.String("region") ?? "",
            Store = section.String("store") ?? "",
            Endpoint = section.String("endpoint"),
            LoggingEndpoint = section.String("loggingEndpoint"),
            Image = new ContainerImageOptions
            {
                Registry = section.String("registry") ?? "",
                Repository = section.String("repository") ?? "",
                BaseImage = section.String("baseImage") ?? ContainerImageOptions.DefaultBaseImage,
                PlainHttp = section.Bool("plainHttpRegistry") ?? false,
            },
            Parallelism = section.Int("parallelism"),
            MachineType = section.String("machineType"),
            ProvisioningModel = section.String("provisioningModel"),
            ServiceAccount = section.String("serviceAccount"),
            Network = section.String("network"),
            Subnetwork = section.String("subnetwork"),
            MaxRetryCount = section.Int("maxRetryCount") ?? GoogleBatchOptions.DefaultMaxRetryCount,
            AcceleratorType = section.String("acceleratorType"),
        };
        section.ThrowIfProblems(section.Unreported(options.Problems()));
        return options;
    }

    /// <summary>The section <c>dotnet experiment init --backend gcp-batch</c> adds (JSON with comments, which the tool reads).</summary>
    public const string Template = """
  "gcp-batch": {
    // Required: the project and region (Batch location) the jobs run in. Credentials come from Application Default
    // Credentials (gcloud auth application-default login, or GOOGLE_APPLICATION_CREDENTIALS); none are written here.
    "project": "CHANGE-ME to your project id, e.g. my-project",
    "region": "CHANGE-ME to a region, e.g. us-central1",

    // Required: where the app's image is pushed, tagged with the package id (an image already there is reused).
    // Artifact Registry: REGION-docker.pkg.dev, with the repository as PROJECT/REPOSITORY/IMAGE.
    "registry": "CHANGE-ME, e.g. us-central1-docker.pkg.dev",
    "repository": "CHANGE-ME, e.g. my-project/experiments/my-app",
    // "baseImage": "mcr.microsoft.com/dotnet/runtime-deps:10.0",
    // Only for a test registry that speaks plain HTTP (127.0.0.1:5000); Google's registries are HTTPS.
    // "plainHttpRegistry": false,

    // Required: the Cloud Storage location plans and records go to (the bucket must exist); runs go under runs/<run-id>.
    // The jobs' service account needs roles/storage.objectAdmin on it, and roles/logging.logWriter for task logs.
    "store": "CHANGE-ME, e.g. gs://my-bucket/experiments",

    // The most tasks of one job running at once; left out, all of them.
    // "parallelism": 100,

    // The VMs: a machine type (left out, Batch chooses from the experiments' Cpus and Memory) and STANDARD or SPOT.
    // "machineType": "e2-standard-4",
    // "provisioningModel": "SPOT",
    // The GPU type attached when an experiment asks for Gpus (default nvidia-tesla-t4).
    // "acceleratorType": "nvidia-l4",

    // The service account the VMs run as (left out: Compute Engine's default), and the network to use.
    // "serviceAccount": "experiments-worker@my-project.iam.gserviceaccount.com",
    // "network": "projects/my-project/global/networks/default",
    // "subnetwork": "projects/my-project/regions/us-central1/subnetworks/default",

    // How many times Batch retries a task that failed (a preempted or lost VM), 0 to 10.
    // "maxRetryCount": 1,

    // Another Batch API endpoint (a private endpoint); left out, https://batch.googleapis.com/.
    // "endpoint": "https://batch.googleapis.com/",

    // Another Cloud Logging API endpoint, where logs reads the tasks' output; left out, https://logging.googleapis.com/.
    // "loggingEndpoint": "https://logging.googleapis.com/"
  }
""";
}
