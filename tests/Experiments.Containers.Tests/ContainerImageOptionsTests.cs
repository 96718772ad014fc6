using Experiments.Backends.Container;

namespace Experiments.Containers.Tests;

public sealed class ContainerImageOptionsTests
{
    [Fact]
    public void Valid_options_have_no_problems_and_name_the_image_of_a_package()
    {
        var options = new ContainerImageOptions { Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com", Repository = "experiments/sweeps" };

        Assert.Empty(options.Problems("aws"));
        Assert.Same(options, options.Validated("aws"));
        Assert.Equal(ContainerImageOptions.DefaultBaseImage, options.BaseImage);
        Assert.Equal("mcr.microsoft.com", options.ParsedBaseImage.Registry);
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/experiments/sweeps:0123456789abcdef", options.ImageFor("0123456789abcdef").ToString());
    }

    [Fact]
    public void Missing_registry_and_repository_are_reported_under_the_callers_key_prefix()
    {
        var problems = new ContainerImageOptions().Problems("azure");

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("azure.registry is required", problems[0]);
        Assert.Contains("myregistry.azurecr.io", problems[0]);
        Assert.StartsWith("azure.repository is required", problems[1]);
    }

    [Fact]
    public void Each_bad_value_is_reported_with_its_key_and_what_is_valid()
    {
        var options = new ContainerImageOptions
        {
            Registry = "https://myregistry.azurecr.io",
            Repository = "Experiments/Sweeps",
            BaseImage = "runtime-deps:10.0",
        };

        var problems = options.Problems("google");

        Assert.Equal(3, problems.Count);
        Assert.StartsWith("google.registry:", problems[0]);
        Assert.Contains("has a scheme", problems[0]);
        Assert.StartsWith("google.repository:", problems[1]);
        Assert.Contains("lowercase", problems[1]);
        Assert.StartsWith("google.baseImage:", problems[2]);
        Assert.Contains("names no registry", problems[2]);
        Assert.Contains(ContainerImageOptions.DefaultBaseImage, problems[2]);
        var thrown = Assert.Throws<ContainerImageOptionsException>(() => options.Validated("google"));
        Assert.Equal(problems, thrown.Problems);
        Assert.Contains("google.repository", thrown.Message);
    }

    [Fact]
    public void Without_a_prefix_keys_are_bare()
    {
        var problems = new ContainerImageOptions { Registry = "r.example" }.Problems("");

        Assert.StartsWith("repository is required", Assert.Single(problems));
    }
}
