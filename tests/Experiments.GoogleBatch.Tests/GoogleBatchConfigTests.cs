using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.Backends.Configuration;
using Experiments.Backends.GoogleBatch;

namespace Experiments.GoogleBatch.Tests;

public sealed class GoogleBatchConfigTests
{
    private const string File = "/repo/experiments.json";

    private static readonly JsonDocumentOptions ConfigFileOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [Fact]
    public void A_full_section_binds_every_key()
    {
        var options = Bind("""
            {
              "project": "my-project", "region": "europe-west4", "store": "gs://my-bucket/experiments",
              "registry": "europe-west4-docker.pkg.dev", "repository": "my-project/experiments/app", "baseImage": "mcr.microsoft.com/dotnet/runtime-deps:10.0",
              "plainHttpRegistry": false, "endpoint": "https://batch.googleapis.com/", "loggingEndpoint": "https://logging.example.internal/",
              "parallelism": 50, "machineType": "e2-standard-4", "provisioningModel": "SPOT",
              "serviceAccount": "worker@my-project.iam.gserviceaccount.com",
              "network": "projects/my-project/global/networks/default", "subnetwork": "projects/my-project/regions/europe-west4/subnetworks/default",
              "maxRetryCount": 3, "acceleratorType": "nvidia-l4"
            }
            """);

        Assert.Equal(("my-project", "europe-west4", "gs://my-bucket/experiments"), (options.Project, options.Region, options.Store));
        Assert.Equal("projects/my-project/locations/europe-west4", options.Parent);
        Assert.Equal(("europe-west4-docker.pkg.dev", "my-project/experiments/app", false), (options.Image.Registry, options.Image.Repository, options.Image.PlainHttp));
        Assert.Equal(new Uri("https://batch.googleapis.com/"), options.EndpointUri);
        Assert.Equal(new Uri("https://logging.example.internal/"), options.LoggingEndpointUri);
        Assert.Equal((50, "e2-standard-4", "SPOT"), (options.Parallelism, options.MachineType, options.ProvisioningModel));
        Assert.Equal("worker@my-project.iam.gserviceaccount.com", options.ServiceAccount);
        Assert.Equal((3, "nvidia-l4"), (options.MaxRetryCount, options.AcceleratorType));
        Assert.Equal("projects/my-project/regions/europe-west4/subnetworks/default", options.Subnetwork);
    }

    [Fact]
    public void Left_out_keys_take_their_defaults()
    {
        var options = Bind(Minimal());

        Assert.Equal(1, options.MaxRetryCount);
        Assert.Null(options.Parallelism);
        Assert.Null(options.ProvisioningModel);
        Assert.Equal(new Uri("https://batch.googleapis.com/"), options.EndpointUri);
        Assert.Equal(new Uri("https://logging.googleapis.com/"), options.LoggingEndpointUri);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", options.Image.BaseImage);
    }

    [Fact]
    public void An_empty_section_names_every_required_key()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("{}"));

        Assert.Equal(File, error.File);
        foreach (var key in new[] { "project", "region", "store", "registry", "repository" })
            Assert.Contains(error.Problems, p => p.StartsWith($"gcp-batch.{key} is required", StringComparison.Ordinal));
        Assert.Equal(5, error.Problems.Count);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once_with_what_is_valid()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("""
            {
              "project": "My Project", "region": "us-central1-a", "store": "s3://bucket/x",
              "registry": "https://europe-docker.pkg.dev", "repository": "Experiments",
              "endpoint": "batch.googleapis.com", "loggingEndpoint": "logging.googleapis.com", "parallelism": 0, "machineType": "E2 Standard",
              "provisioningModel": "spot", "serviceAccount": "worker", "maxRetryCount": 11, "network": "my network"
            }
            """));

        string Problem(string key) => Assert.Single(error.Problems, p => p.StartsWith($"gcp-batch.{key}", StringComparison.Ordinal));
        Assert.Contains("a project id is 6–30 lowercase letters", Problem("project"));
        Assert.Contains("not a zone", Problem("region"));
        Assert.Contains("gs://bucket/prefix", Problem("store"));
        Assert.Contains("has a scheme", Problem("registry"));
        Assert.Contains("is not a valid name", Problem("repository"));
        Assert.Contains("http(s) URL", Problem("endpoint"));
        Assert.Contains("e.g. https://logging.googleapis.com/", Problem("loggingEndpoint"));
        Assert.Contains("at least 1", Problem("parallelism"));
        Assert.Contains("e2-standard-4", Problem("machineType"));
        Assert.Contains("valid values: STANDARD (the default) or SPOT", Problem("provisioningModel"));
        Assert.Contains("service account e-mail", Problem("serviceAccount"));
        Assert.Contains("0 to 10", Problem("maxRetryCount"));
        Assert.Contains("VPC network", Problem("network"));
        Assert.Equal(13, error.Problems.Count);
    }

    [Fact]
    public void A_misspelt_key_is_named_with_the_key_it_resembles_and_a_wrong_type_once()
    {
        var error = Assert.Throws<ConfigException>(() => Bind(Minimal(("""regoin""", "\"us-east1\""), ("parallelism", "\"many\""))));

        Assert.Contains(error.Problems, p => p.StartsWith("gcp-batch.regoin is not a setting of the gcp-batch backend (did you mean region?)", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("gcp-batch.parallelism must be a whole number", StringComparison.Ordinal));
        Assert.Equal(2, error.Problems.Count);
    }

    [Fact]
    public void The_init_template_parses_as_json_with_comments_and_describes_every_key()
    {
        using var document = JsonDocument.Parse(FullSection, ConfigFileOptions);
        var section = document.RootElement.GetProperty(GoogleBatchOptions.Section);

        Assert.Equal(["project", "region", "registry", "repository", "store"], section.EnumerateObject().Select(p => p.Name));
        Assert.Equal(GoogleBatchConfig.Keys.Order(StringComparer.Ordinal), KeysOf(GoogleBatchConfig.Template).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_init_template_left_unedited_fails_on_its_placeholders_only()
    {
        using var document = JsonDocument.Parse(FullSection, ConfigFileOptions);
        var section = new ConfigSection(File, GoogleBatchOptions.Section, document.RootElement.GetProperty(GoogleBatchOptions.Section));

        var error = Assert.Throws<ConfigException>(() => GoogleBatchConfig.Bind(section));

        Assert.All(error.Problems, p => Assert.Contains("CHANGE-ME", p));
        Assert.Equal(5, error.Problems.Count);
    }

    [Fact]
    public void The_init_template_with_its_examples_filled_in_binds_every_key()
    {
        var text = Regex.Replace(FullSection, "\"CHANGE-ME[^\"]*e\\.g\\. ([^\"]+)\"", "\"$1\"");
        text = string.Join('\n', text.Split('\n').Select(line => line.TrimStart().StartsWith("// \"", StringComparison.Ordinal) ? line.Replace("// \"", "\"", StringComparison.Ordinal) : line));
        using var document = JsonDocument.Parse(text, ConfigFileOptions);
        var section = new ConfigSection(File, GoogleBatchOptions.Section, document.RootElement.GetProperty(GoogleBatchOptions.Section));

        var options = GoogleBatchConfig.Bind(section);

        Assert.Equal(("my-project", "us-central1", "gs://my-bucket/experiments"), (options.Project, options.Region, options.Store));
        Assert.Equal(("us-central1-docker.pkg.dev", "my-project/experiments/my-app"), (options.Image.Registry, options.Image.Repository));
        Assert.Equal((100, "e2-standard-4", "SPOT", 1), (options.Parallelism, options.MachineType, options.ProvisioningModel, options.MaxRetryCount));
    }

    private static string FullSection => "{" + GoogleBatchConfig.Template + "}";

    private static string Minimal(params (string Key, string Json)[] more) =>
        "{ \"project\": \"my-project\", \"region\": \"us-central1\", \"store\": \"gs://my-bucket/x\", \"registry\": \"us-central1-docker.pkg.dev\", \"repository\": \"my-project/exp/app\""
        + string.Concat(more.Select(m => $", \"{m.Key}\": {m.Json}")) + " }";

    private static GoogleBatchOptions Bind(string sectionJson)
    {
        using var document = JsonDocument.Parse(sectionJson, ConfigFileOptions);
        return GoogleBatchConfig.Bind(new ConfigSection(File, GoogleBatchOptions.Section, document.RootElement.Clone()));
    }

    private static IEnumerable<string> KeysOf(string text) =>
        Regex.Matches(text, "^\\s*(?://\\s*)?\"(\\w+)\":", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .Distinct();
}
