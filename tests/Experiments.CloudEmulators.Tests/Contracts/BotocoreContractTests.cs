using System.Text.Json;
using Experiments.CloudEmulators.Contracts;
using static Experiments.CloudEmulators.Tests.Contracts.ExampleFiles;

namespace Experiments.CloudEmulators.Tests.Contracts;

public sealed class BotocoreContractTests
{
    private static readonly BotocoreContract Aws = BotocoreContract.AwsBatch;

    public static TheoryData<string, int> OfficialExamples()
    {
        var data = new TheoryData<string, int>();
        var examples = JsonDocument.Parse(File.ReadAllText(CloudApiDefinitions.PathOf(CloudApiDefinitions.AwsBatchExamplesFile))).RootElement.GetProperty("examples");
        foreach (var operation in examples.EnumerateObject())
        {
            for (var i = 0; i < operation.Value.GetArrayLength(); i++)
                data.Add(operation.Name, i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OfficialExamples))]
    public void Every_official_example_input_is_valid(string operation, int index)
    {
        var examples = JsonDocument.Parse(File.ReadAllText(CloudApiDefinitions.PathOf(CloudApiDefinitions.AwsBatchExamplesFile))).RootElement.GetProperty("examples");
        var input = examples.GetProperty(operation)[index].GetProperty("input");
        var (method, path, body) = RequestOf(operation, input);

        Assert.Empty(Aws.Validate(operation, method, path, body));
    }

    [Fact]
    public void Requests_are_recognised_by_method_and_path()
    {
        Assert.Equal("SubmitJob", Aws.OperationFor("POST", "/v1/submitjob"));
        Assert.Equal("ListJobs", Aws.OperationFor("POST", "/v1/listjobs"));
        Assert.Equal("TagResource", Aws.OperationFor("POST", "/v1/tags/arn%3Aaws%3Abatch"));
        Assert.Equal("ListTagsForResource", Aws.OperationFor("GET", "/v1/tags/arn%3Aaws%3Abatch"));
        Assert.Null(Aws.OperationFor("GET", "/v1/submitjob"));
    }

    [Fact]
    public void A_submit_job_with_array_properties_and_overrides_is_valid()
    {
        var body = Json("""
            {"jobName":"sweep-1","jobQueue":"q","jobDefinition":"d:1","arrayProperties":{"size":10},
             "containerOverrides":{"command":["worker","--chunk"],"environment":[{"name":"A","value":"1"}]},
             "retryStrategy":{"attempts":3},"timeout":{"attemptDurationSeconds":600},"tags":{"k":"v"}}
            """);

        Assert.Empty(Aws.Validate("SubmitJob", "POST", "/v1/submitjob", body));
    }

    [Fact]
    public void Broken_bodies_give_one_violation_each_at_the_right_path()
    {
        var body = Json("""
            {"jobName":"x","jobDefinition":"d","arrayProperties":{"size":"10"},"bogus":1,
             "retryStrategy":{"attempts":2,"evaluateOnExit":[{"action":"RETRY_LATER"}]}}
            """);

        var violations = Aws.Validate("SubmitJob", "POST", "/v1/submitjob", body);

        Assert.Equal(
            ["$.arrayProperties.size", "$.bogus", "$.jobQueue", "$.retryStrategy.evaluateOnExit[0].action"],
            violations.Select(v => v.Path).Order(StringComparer.Ordinal));
        Assert.Contains("RETRY, EXIT", violations.Single(v => v.Path.EndsWith(".action", StringComparison.Ordinal)).Problem);
        Assert.Contains("jobQueue", violations.Single(v => v.Path == "$.bogus").Problem);
    }

    [Fact]
    public void Wrong_method_or_path_and_limits_are_violations()
    {
        Assert.Contains(Aws.Validate("SubmitJob", "GET", "/v1/submitjob", Json("""{"jobName":"a","jobQueue":"q","jobDefinition":"d"}""")),
            v => v.Path == "request" && v.Problem.Contains("POST"));
        Assert.Contains(Aws.Validate("SubmitJob", "POST", "/v1/submit", Json("""{"jobName":"a","jobQueue":"q","jobDefinition":"d"}""")),
            v => v.Path == "request" && v.Problem.Contains("/v1/submitjob"));
        var tooMany = Json("""{"resourceArn":"a","tags":{}}""");
        Assert.Contains(Aws.Validate("TagResource", "POST", "/v1/tags/arn", tooMany),
            v => v.Path == "$.resourceArn");
        var untag = Aws.Validate("UntagResource", "DELETE", "/v1/tags/arn", null);
        Assert.Contains(untag, v => v.Path == "querystring.tagKeys");
    }

    [Fact]
    public void EnsureValid_throws_with_every_violation()
    {
        var exception = Assert.Throws<ContractViolationException>(() =>
            Aws.EnsureValid("SubmitJob", "POST", "/v1/submitjob", Json("""{"jobName":1}""")));

        Assert.Equal(["$.jobName", "$.jobQueue", "$.jobDefinition"], exception.Violations.Select(v => v.Path));
        Assert.Contains("$.jobDefinition: required member is missing.", exception.Message);
    }

    /// <summary>Splits an example's input the way rest-json sends it: uri members into the path, querystring members
    /// into the query, the rest into the JSON body.</summary>
    private static (string Method, string Path, JsonElement? Body) RequestOf(string operation, JsonElement input)
    {
        var model = CloudApiDefinitions.Load(CloudApiDefinitions.AwsBatchFile).RootElement;
        var definition = model.GetProperty("operations").GetProperty(operation);
        var uri = definition.GetProperty("http").GetProperty("requestUri").GetString()!;
        var members = model.GetProperty("shapes").GetProperty(definition.GetProperty("input").GetProperty("shape").GetString()!).GetProperty("members");
        var body = new Dictionary<string, JsonElement>();
        var query = new List<string>();
        foreach (var property in input.EnumerateObject())
        {
            var member = members.GetProperty(property.Name);
            var location = member.TryGetProperty("location", out var l) ? l.GetString() : null;
            var wire = member.TryGetProperty("locationName", out var n) ? n.GetString()! : property.Name;
            if (location == "uri")
                uri = uri.Replace("{" + wire + "}", Uri.EscapeDataString(property.Value.GetString()!), StringComparison.Ordinal);
            else if (location == "querystring")
                query.AddRange(property.Value.ValueKind == JsonValueKind.Array
                    ? property.Value.EnumerateArray().Select(v => $"{wire}={Uri.EscapeDataString(v.GetString()!)}")
                    : [$"{wire}={Uri.EscapeDataString(property.Value.ToString())}"]);
            else
                body[property.Name] = property.Value;
        }
        var path = query.Count == 0 ? uri : uri + "?" + string.Join("&", query);
        return (definition.GetProperty("http").GetProperty("method").GetString()!, path,
            body.Count == 0 ? null : JsonSerializer.SerializeToElement(body));
    }
}
