using Experiments.CloudEmulators.Contracts;

namespace Experiments.CloudEmulators.Tests.Contracts;

public sealed class CloudApiDefinitionsTests
{
    [Fact]
    public void The_definitions_are_found_and_loaded_once()
    {
        Assert.True(File.Exists(CloudApiDefinitions.PathOf(CloudApiDefinitions.AzureBatchFile)), CloudApiDefinitions.Directory);
        Assert.Same(CloudApiDefinitions.Load(CloudApiDefinitions.GoogleBatchFile), CloudApiDefinitions.Load(CloudApiDefinitions.GoogleBatchFile));
    }

    [Fact]
    public void The_environment_variable_wins_and_must_exist()
    {
        var shared = CloudApiDefinitions.Directory;

        Assert.Equal(shared, CloudApiDefinitions.Locate(shared, repositoryRoot: null));
        var wrong = Assert.Throws<DirectoryNotFoundException>(() => CloudApiDefinitions.Locate("/nonexistent/cloud-api", "/nonexistent/repo"));
        Assert.Contains("EXPERIMENTS_CLOUD_API_DIR is '/nonexistent/cloud-api'", wrong.Message);
        Assert.Contains("/nonexistent/shared/cloud-api", wrong.Message);
    }

    [Fact]
    public void Without_either_place_the_error_names_both()
    {
        var missing = Assert.Throws<DirectoryNotFoundException>(() => CloudApiDefinitions.Locate(null, "/nonexistent/repo"));

        Assert.Contains("EXPERIMENTS_CLOUD_API_DIR is not set", missing.Message);
        Assert.Contains("/nonexistent/shared/cloud-api does not exist", missing.Message);
    }
}
