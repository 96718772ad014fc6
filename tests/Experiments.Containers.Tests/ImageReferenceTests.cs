using Experiments.Backends.Container;

namespace Experiments.Containers.Tests;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0", "mcr.microsoft.com", "dotnet/runtime-deps", "10.0")]
    [InlineData("127.0.0.1:5000/experiments-test/base:bookworm", "127.0.0.1:5000", "experiments-test/base", "bookworm")]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/experiments/sweeps:0123456789abcdef", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "experiments/sweeps", "0123456789abcdef")]
    [InlineData("europe-west1-docker.pkg.dev/my-project/repo/app:v1", "europe-west1-docker.pkg.dev", "my-project/repo/app", "v1")]
    [InlineData("localhost/a__b.c-d:_x", "localhost", "a__b.c-d", "_x")]
    public void Parses_registry_repository_and_tag_and_formats_them_back(string text, string registry, string repository, string tag)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
        Assert.Equal(tag, reference.ManifestReference);
        Assert.Equal(text, reference.ToString());
    }

    [Fact]
    public void Parses_a_digest_reference_with_or_without_a_tag()
    {
        var digest = "sha256:" + new string('a', 64);

        var pinned = ImageReference.Parse($"myregistry.azurecr.io/app@{digest}");
        var both = ImageReference.Parse($"myregistry.azurecr.io/app:1.0@{digest}");

        Assert.Null(pinned.Tag);
        Assert.Equal(digest, pinned.Digest);
        Assert.Equal(digest, pinned.ManifestReference);
        Assert.Equal("1.0", both.Tag);
        Assert.Equal(digest, both.ManifestReference);
        Assert.Equal($"myregistry.azurecr.io/app:1.0@{digest}", both.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("dotnet/runtime-deps:10.0", "names no registry")]
    [InlineData("ubuntu:24.04", "names no registry")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps", "no tag or digest")]
    [InlineData("mcr.microsoft.com/Dotnet/runtime-deps:10.0", "repository 'Dotnet/runtime-deps' is not a valid name")]
    [InlineData("mcr.microsoft.com/dotnet//runtime-deps:10.0", "is not a valid name")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:-10", "tag '-10' is not valid")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:", "tag is empty")]
    [InlineData("mcr.microsoft.com/app@sha256:xyz", "digest 'sha256:xyz'")]
    [InlineData("bad_host.example.com/app:1", "registry 'bad_host.example.com' is not a host name")]
    public void Rejects_malformed_references_saying_what_is_wrong(string text, string expected)
    {
        Assert.False(ImageReference.TryParse(text, out var reference, out var problem));
        Assert.Null(reference);
        Assert.Contains(expected, problem);
        var thrown = Assert.Throws<FormatException>(() => ImageReference.Parse(text));
        Assert.Equal(problem, thrown.Message);
    }

    [Fact]
    public void Create_checks_each_part_and_with_tag_replaces_the_tag()
    {
        var reference = ImageReference.Create("127.0.0.1:5000", "team/app", "0123456789abcdef");

        Assert.Equal("127.0.0.1:5000/team/app:0123456789abcdef", reference.ToString());
        Assert.Equal("127.0.0.1:5000/team/app:other", reference.WithTag("other").ToString());
        Assert.Contains("has a scheme", Assert.Throws<FormatException>(() => ImageReference.Create("https://r.example", "a", "b")).Message);
        Assert.Contains("not a valid name", Assert.Throws<FormatException>(() => ImageReference.Create("r.example", "a b", "b")).Message);
        Assert.Contains("at most 255", Assert.Throws<FormatException>(() => ImageReference.Create("r.example", new string('a', 256), "b")).Message);
        Assert.Contains("1 to 128", Assert.Throws<FormatException>(() => ImageReference.Create("r.example", "a", new string('t', 129))).Message);
    }
}
