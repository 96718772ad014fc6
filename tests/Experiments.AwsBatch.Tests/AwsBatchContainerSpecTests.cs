using Experiments.Backends.AwsBatch;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.AwsBatch.Tests;

public sealed class AwsBatchContainerSpecTests
{
    [Fact]
    public void Resources_become_the_models_resource_requirements()
    {
        var request = new AwsBatchContainerSpec("app@sha256:abc", Vcpus: 0.5, MemoryMiB: 1024, Gpus: 1, Attempts: 2, AttemptTimeoutSeconds: 600).ToRequest("app");

        Assert.Equal("container", request.Type);
        Assert.Equal([new ResourceRequirement("VCPU", "0.5"), new ResourceRequirement("MEMORY", "1024"), new ResourceRequirement("GPU", "1")],
            request.ContainerProperties!.ResourceRequirements!);
        Assert.Equal(new RetryStrategy(2), request.RetryStrategy);
        Assert.Equal(new JobTimeout(600), request.Timeout);
        Assert.Null(request.ContainerProperties.Command);
    }

    [Fact]
    public void Values_AWS_would_refuse_are_all_named_with_their_valid_range()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new AwsBatchContainerSpec("", Vcpus: 0, MemoryMiB: 2, Gpus: -1, Attempts: 11, AttemptTimeoutSeconds: 30).ToRequest("bad name"));

        Assert.Contains("'bad name' must be 1–128 letters", error.Message);
        Assert.Contains("the image is empty", error.Message);
        Assert.Contains("vCPUs must be a positive number", error.Message);
        Assert.Contains("memory must be at least 4 MiB, not 2", error.Message);
        Assert.Contains("GPUs must be 0 or more, not -1", error.Message);
        Assert.Contains("attempts must be 1–10, not 11", error.Message);
        Assert.Contains("at least 60 seconds, not 30", error.Message);
    }
}
