using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.Backends.AwsBatch;
using Experiments.Backends.Configuration;

namespace Experiments.AwsBatch.Tests;

/// <summary>The aws-batch section: every problem at once, naming section.key and the valid values; the init template.</summary>
public sealed class AwsBatchConfigTests
{
    private static AwsBatchOptions Bind(string json) =>
        AwsBatchConfig.Bind(new ConfigSection("experiments.json", "aws-batch", Parse(json)), _ => null);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.Clone();
    }

    [Fact]
    public void An_empty_section_names_every_required_key()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("{}"));

        Assert.Equal("experiments.json", error.File);
        Assert.Contains(error.Problems, p => p.StartsWith("aws-batch.registry is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("aws-batch.repository is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("aws-batch.store is required", StringComparison.Ordinal) && p.Contains("s3://"));
        Assert.Contains(error.Problems, p => p.StartsWith("aws-batch.jobQueue is required", StringComparison.Ordinal));
        Assert.Equal(4, error.Problems.Count);
    }

    [Fact]
    public void Wrong_values_and_types_are_reported_together_with_what_is_valid()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("""
            {
              "registry": "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "repository": "experiments/study",
              "store": "https://bucket.example/results", "jobQueue": "q",
              "attempts": 11, "platform": "GPU", "jobDefinitionName": "has spaces",
              "jobRoleArn": "experiments-role", "plainHttpRegistry": "yes", "jobQeue": "typo", "endpoint": "not a url"
            }
            """));

        Assert.Contains("aws-batch.store must be an S3 location such as s3://my-bucket/experiments, not 'https://bucket.example/results'.", error.Problems);
        Assert.Contains("aws-batch.attempts must be 1–10 (AWS Batch's retry strategy), not 11.", error.Problems);
        Assert.Contains("aws-batch.platform must be \"EC2\" or \"FARGATE\", not \"GPU\".", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("aws-batch.jobDefinitionName must be 1–128 letters", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("aws-batch.jobRoleArn must be an IAM role ARN", StringComparison.Ordinal));
        Assert.Contains("aws-batch.plainHttpRegistry must be true or false, not the string \"yes\".", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("aws-batch.jobQeue is not a setting of the aws-batch backend (did you mean jobQueue?)", StringComparison.Ordinal));
        Assert.Contains("aws-batch.endpoint must be an absolute http(s) URL, not 'not a url'.", error.Problems);
        Assert.Equal(8, error.Problems.Count);
    }

    [Fact]
    public void Fargate_needs_an_execution_role()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("""
            { "registry": "r.example", "repository": "a/b", "store": "s3://bucket/p", "jobQueue": "q", "platform": "FARGATE" }
            """));

        Assert.Equal(["aws-batch.executionRoleArn is required with platform FARGATE: the role that pulls the image and writes logs."], error.Problems);
    }

    [Fact]
    public void A_minimal_section_gets_the_defaults()
    {
        var options = Bind("""{ "registry": "127.0.0.1:5000", "repository": "experiments-test/cloud.sweeps", "store": "s3://bucket/prefix", "jobQueue": "q", "plainHttpRegistry": true }""");

        Assert.Equal(2, options.Attempts);
        Assert.Equal("EC2", options.Platform);
        Assert.Equal("experiments-experiments-test-cloud-sweeps", options.DefinitionName);
        Assert.True(options.Image.PlainHttp);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", options.Image.BaseImage);
        Assert.Null(options.Endpoint);
        Assert.Equal(new Uri("s3://bucket/prefix"), options.StoreRoot);
    }

    [Fact]
    public void The_init_template_binds_once_its_CHANGE_ME_values_are_filled_in()
    {
        var section = "{" + AwsBatchConfig.Template.Trim().TrimEnd(',') + "}";
        var unfilled = Assert.Throws<ConfigException>(() => AwsBatchConfig.Bind(new ConfigSection("experiments.json", "aws-batch", Parse(section).GetProperty("aws-batch")), _ => null));
        Assert.Contains(unfilled.Problems, p => p.StartsWith("aws-batch.store", StringComparison.Ordinal));

        var filled = Regex.Replace(section, "\"CHANGE-ME to ([^\"]*)\"", m => "\"" + m.Groups[1].Value + "\"");
        var options = AwsBatchConfig.Bind(new ConfigSection("experiments.json", "aws-batch", Parse(filled).GetProperty("aws-batch")), _ => null);

        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com", options.Image.Registry);
        Assert.Equal("experiments/my-study", options.Image.Repository);
        Assert.Equal("s3://my-bucket/experiments", options.Store);
        Assert.Equal("my-job-queue", options.JobQueue);
        Assert.Equal(AwsBatchConfig.Keys.Order(), Regex.Matches(AwsBatchConfig.Template, "\"([A-Za-z]+)\":").Select(m => m.Groups[1].Value).Distinct().Order());
    }
}
