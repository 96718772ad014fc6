using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.CloudEmulators.Contracts;

namespace Experiments.CloudEmulators.Tests.Contracts;

/// <summary>Every request in the official examples (the definition's <c>x-ms-examples</c>) passes the contract.</summary>
public sealed class AzureExamplesTests
{
    /// <summary>Example requests and responses that disagree with the definition itself, and where: VMExtension.settings
    /// is "type: object", but these examples have it as a JSON-encoded string.</summary>
    private static readonly Dictionary<string, string> InconsistentRequests = new()
    {
        ["PoolAdd_VirtualMachineConfigurationWithExtensions.json"] = "$.virtualMachineConfiguration.extensions[0].settings",
    };

    private static readonly Dictionary<string, string> InconsistentResponses = new()
    {
        ["PoolGet_VirtualMachineConfigurationWithExtensions.json"] = "$.virtualMachineConfiguration.extensions[0].settings",
    };

    public static TheoryData<string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string>();
        var paths = CloudApiDefinitions.Load(CloudApiDefinitions.AzureBatchFile).RootElement.GetProperty("paths");
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("x-ms-examples", out _)))
            {
                foreach (var example in operation.Value.GetProperty("x-ms-examples").EnumerateObject())
                    data.Add(path.Name, operation.Name, Path.GetFileName(example.Value.GetProperty("$ref").GetString()!));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_request_is_valid(string pathTemplate, string method, string exampleFile)
    {
        var definition = CloudApiDefinitions.Load(CloudApiDefinitions.AzureBatchFile).RootElement;
        var operation = definition.GetProperty("paths").GetProperty(pathTemplate).GetProperty(method);
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(CloudApiDefinitions.Directory, "examples", exampleFile))).RootElement.GetProperty("parameters");
        var path = pathTemplate;
        var query = new Dictionary<string, string>();
        var headers = new Dictionary<string, string>();
        JsonElement? body = null;
        foreach (var reference in operation.GetProperty("parameters").EnumerateArray())
        {
            var parameter = reference.TryGetProperty("$ref", out var r)
                ? definition.GetProperty("parameters").GetProperty(r.GetString()!.Split('/')[^1])
                : reference;
            var name = parameter.GetProperty("name").GetString()!;
            if (!example.TryGetProperty(name, out var value))
                continue;
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            switch (parameter.GetProperty("in").GetString())
            {
                case "path":
                    path = path.Replace("{" + name + "}", Uri.EscapeDataString(text), StringComparison.Ordinal);
                    break;
                case "query":
                    query[name] = text;
                    break;
                case "header":
                    headers[name] = text;
                    break;
                case "body":
                    body = value;
                    break;
            }
        }

        var violations = SwaggerContract.AzureBatch.Validate(method.ToUpperInvariant(), path, query, headers, body);

        if (InconsistentRequests.TryGetValue(exampleFile, out var knownPath))
            Assert.Equal(knownPath, Assert.Single(violations).Path);
        else
            Assert.Empty(violations);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_responses_match_the_response_schemas(string pathTemplate, string method, string exampleFile)
    {
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(CloudApiDefinitions.Directory, "examples", exampleFile))).RootElement;
        var path = Regex.Replace(pathTemplate, @"\{[^}]+\}", "x");

        var violations = example.GetProperty("responses").EnumerateObject()
            .Where(r => r.Value.TryGetProperty("body", out _))
            .SelectMany(r => SwaggerContract.AzureBatch.ValidateResponse(method.ToUpperInvariant(), path, int.Parse(r.Name, CultureInfo.InvariantCulture), r.Value.GetProperty("body")))
            .ToList();

        if (InconsistentResponses.TryGetValue(exampleFile, out var knownPath))
            Assert.Equal(knownPath, Assert.Single(violations).Path);
        else
            Assert.Empty(violations);
    }
}
