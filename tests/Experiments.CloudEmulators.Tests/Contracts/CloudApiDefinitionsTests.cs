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
    public void Without_any_place_the_error_names_every_place_tried()
    {
        var missing = Assert.Throws<DirectoryNotFoundException>(() => CloudApiDefinitions.Locate(null, "/nonexistent/repo", ["/nonexistent/well-known"]));

        Assert.Contains("EXPERIMENTS_CLOUD_API_DIR is not set", missing.Message);
        Assert.Contains("/nonexistent/shared/cloud-api", missing.Message);
        Assert.Contains("/nonexistent/well-known", missing.Message);
    }

    [Fact]
    public void A_clone_away_from_the_shared_folder_finds_it_beside_a_parent_or_in_a_well_known_place()
    {
        using var temp = new Experiments.TestSupport.TempDirectory("cloud-api");
        var shared = Directory.CreateDirectory(temp.Combine("shared", "cloud-api")).FullName;

        Assert.Equal(shared, CloudApiDefinitions.Locate(null, temp.Combine("checkouts", "ci", "main")));
        Assert.Equal(shared, CloudApiDefinitions.Locate(null, "/nonexistent/repo", ["/nonexistent/well-known", shared]));
    }
}
