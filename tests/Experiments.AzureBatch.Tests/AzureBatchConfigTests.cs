using System.Text.Json;
using Experiments.Backends.AzureBatch;
using Experiments.Backends.Configuration;
using Experiments.TestSupport;

namespace Experiments.AzureBatch.Tests;

public sealed class AzureBatchConfigTests
{
    private static readonly JsonDocumentOptions ConfigFileOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private const string Valid = """
        {
          "azure-batch": {
            "endpoint": "https://myaccount.westeurope.batch.azure.com",
            "registry": "myregistry.azurecr.io",
            "repository": "experiments/sweeps",
            "store": "https://myaccount.blob.core.windows.net/experiments/results",
            "poolId": "experiments"
          }
        }
        """;

    [Fact]
    public void A_pool_section_binds_with_defaults()
    {
        var options = Bind(Valid);

        Assert.Equal(new Uri("https://myaccount.westeurope.batch.azure.com"), options.Endpoint);
        Assert.Equal("experiments", options.PoolId);
        Assert.Null(options.AutoPool);
        Assert.Equal((1, 4), (options.MaxTaskRetryCount, options.ConcurrentChunks));
        Assert.Equal("myregistry.azurecr.io", options.Image.Registry);
        Assert.False(options.Image.PlainHttp);
    }

    [Fact]
    public void An_auto_pool_is_read_from_the_sections_file_with_its_image_reference()
    {
        var text = Valid.Replace("\"poolId\": \"experiments\"", """
            // a pool per run
            "autoPool": { "vmSize": "Standard_D4s_v3", "nodeCount": 2, "lowPriorityNodeCount": 3, "taskSlotsPerNode": 4,
                          "imageReference": { "sku": "2204", "version": "1.0.0" } },
            "registryIdentity": "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull",
            "maxTaskRetryCount": 3,
            "concurrentChunks": 8,
            """);
        using var directory = new TempDirectory("azb-config");
        var file = directory.Combine("experiments.json");
        File.WriteAllText(file, text);
        using var document = JsonDocument.Parse(text, ConfigFileOptions);

        var options = AzureBatchConfig.Bind(new ConfigSection(file, AzureBatchBackend.BackendName, document.RootElement.GetProperty("azure-batch").Clone()));

        var pool = Assert.IsType<AutoPoolOptions>(options.AutoPool);
        Assert.Equal(("Standard_D4s_v3", 2, 3, 4), (pool.VmSize, pool.NodeCount, pool.LowPriorityNodeCount, pool.TaskSlotsPerNode));
        Assert.Equal(("microsoft-dsvm", "ubuntu-hpc", "2204", "1.0.0"), (pool.Publisher, pool.Offer, pool.Sku, pool.Version));
        Assert.Equal(AutoPoolOptions.DefaultNodeAgentSkuId, pool.NodeAgentSkuId);
        Assert.Equal(20, pool.Slots);
        Assert.Equal((3, 8), (options.MaxTaskRetryCount, options.ConcurrentChunks));
        Assert.EndsWith("/userAssignedIdentities/pull", options.RegistryIdentity);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_its_key()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("""
            {
              "azure-batch": {
                "endpont": "https://myaccount.westeurope.batch.azure.com",
                "repository": "experiments/sweeps",
                "store": "s3://bucket/results",
                "maxTaskRetryCount": -2,
                "concurrentChunks": 0,
                "registryIdentity": "pull-identity"
              }
            }
            """));

        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.endpont is not a setting", StringComparison.Ordinal) && p.Contains("did you mean endpoint?", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.registry is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.store must be an absolute https URL, not \"s3://bucket/results\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch needs exactly one of azure-batch.poolId", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.maxTaskRetryCount must be 0 to 100", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.concurrentChunks must be 1 to 32", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.registryIdentity must be the ARM resource id", StringComparison.Ordinal));
        // endpoint's absence is the typo's, reported once.
        Assert.DoesNotContain(error.Problems, p => p.StartsWith("azure-batch.endpoint is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Auto_pool_problems_name_their_nested_keys()
    {
        var error = Assert.Throws<ConfigException>(() => Bind(Valid.Replace("\"poolId\": \"experiments\"",
            "\"autoPool\": { \"vmSze\": \"Standard_D4s_v3\", \"nodeCount\": \"two\", \"taskSlotsPerNode\": 0, \"imageReference\": { \"sku\": 2204 } }")));

        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.autoPool.vmSze is not a setting", StringComparison.Ordinal) && p.Contains("did you mean vmSize?", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.autoPool.nodeCount must be a whole number", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.autoPool.taskSlotsPerNode must be 1 to 256", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("azure-batch.autoPool.imageReference.sku must be a string", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Problems, p => p.Contains("vmSize is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pool_and_an_auto_pool_together_are_refused()
    {
        var error = Assert.Throws<ConfigException>(() => Bind(Valid.Replace("\"poolId\": \"experiments\"",
            "\"poolId\": \"experiments\", \"autoPool\": { \"vmSize\": \"Standard_D2s_v3\", \"nodeCount\": 1 }")));

        Assert.Equal("azure-batch needs exactly one of azure-batch.poolId (an existing pool with container support) and azure-batch.autoPool (a pool made for each run and deleted with it).",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void An_http_endpoint_is_only_for_a_local_emulator()
    {
        var error = Assert.Throws<ConfigException>(() => Bind(Valid.Replace("https://myaccount.westeurope", "http://myaccount.westeurope")));

        Assert.StartsWith("azure-batch.endpoint must be an https URL", Assert.Single(error.Problems));
        Assert.Equal(new Uri("http://127.0.0.1:5555/"), Bind(Valid.Replace("https://myaccount.westeurope.batch.azure.com", "http://127.0.0.1:5555/")).Endpoint);
    }

    [Fact]
    public void The_init_template_parses_and_its_keys_are_the_keys_bind_knows()
    {
        using var document = JsonDocument.Parse("{" + AzureBatchConfig.Template + "}", ConfigFileOptions);
        var section = document.RootElement.GetProperty(AzureBatchBackend.BackendName);

        Assert.Equal(["endpoint", "registry", "repository", "store", "poolId"], section.EnumerateObject().Select(p => p.Name));
        var documented = System.Text.RegularExpressions.Regex.Matches(AzureBatchConfig.Template, "^    (?:// )?\"([A-Za-z]+)\":", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(AzureBatchConfig.Keys.Order(StringComparer.Ordinal), documented);
    }

    [Fact]
    public void The_init_template_with_its_examples_uncommented_binds_every_key()
    {
        // What a user gets by filling in the CHANGE-ME values and removing `// ` before the examples (poolId then goes).
        var text = "{" + string.Join('\n', AzureBatchConfig.Template.Split('\n')
            .Where(line => !line.TrimStart().StartsWith("\"poolId\"", StringComparison.Ordinal))
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, "^(\\s*)// (\"|  \"|})", "$1$2"))) + "}";
        text = text.Replace("CHANGE-ME", "myaccount").Replace("\"concurrentChunks\": 4\n", "\"concurrentChunks\": 4,\n");
        var options = Bind(text.Replace("myaccount.azurecr.io", "myregistry.azurecr.io"));

        Assert.Equal("Standard_D4s_v3", options.AutoPool!.VmSize);
        Assert.Equal((2, 0, 4), (options.AutoPool.NodeCount, options.AutoPool.LowPriorityNodeCount, options.AutoPool.TaskSlotsPerNode));
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", options.Image.BaseImage);
        Assert.NotNull(options.RegistryIdentity);
    }

    [Fact]
    public void The_backend_takes_the_account_key_only_from_the_environment()
    {
        Assert.DoesNotContain("accountKey", AzureBatchConfig.Keys);
        var error = Assert.Throws<ConfigException>(() => Bind(Valid.Replace("\"poolId\"", "\"accountKey\": \"c2VjcmV0\", \"poolId\"")));
        Assert.StartsWith("azure-batch.accountKey is not a setting", Assert.Single(error.Problems));
    }

    /// <summary>Binds through a real file, as the tool does (the nested autoPool is read from it).</summary>
    private static AzureBatchOptions Bind(string fileText)
    {
        using var directory = new TempDirectory("azb-config");
        var file = directory.Combine("experiments.json");
        File.WriteAllText(file, fileText);
        using var document = JsonDocument.Parse(fileText, ConfigFileOptions);
        return AzureBatchConfig.Bind(new ConfigSection(file, AzureBatchBackend.BackendName, document.RootElement.GetProperty("azure-batch").Clone()));
    }
}
