using System.Globalization;
using System.Text.Json;

namespace Experiments.CloudEmulators.Contracts;

/// <summary>
/// Checks AWS requests against a botocore service model (protocol rest-json): the operation's HTTP method and
/// request URI, and the JSON body against the input shape (members, <c>required</c>, types, <c>enum</c>,
/// <c>min</c>/<c>max</c>).
/// </summary>
public sealed class BotocoreContract
{
    private static readonly Lazy<BotocoreContract> AwsBatchLazy =
        new(() => new BotocoreContract(CloudApiDefinitions.Load(CloudApiDefinitions.AwsBatchFile).RootElement));

    private readonly JsonElement _operations;
    private readonly JsonElement _shapes;
    private readonly List<(string Name, string Method, PathTemplate Path)> _routes = [];

    /// <param name="serviceModel">The root of a botocore <c>service-2.json</c>.</param>
    public BotocoreContract(JsonElement serviceModel)
    {
        _operations = serviceModel.GetProperty("operations");
        _shapes = serviceModel.GetProperty("shapes");
        foreach (var operation in _operations.EnumerateObject())
        {
            var http = operation.Value.GetProperty("http");
            var uri = http.GetProperty("requestUri").GetString()!;
            var queryStart = uri.IndexOf('?');
            _routes.Add((operation.Name, http.GetProperty("method").GetString()!, new PathTemplate(queryStart < 0 ? uri : uri[..queryStart])));
        }
    }

    /// <summary>AWS Batch 2016-08-10.</summary>
    public static BotocoreContract AwsBatch => AwsBatchLazy.Value;

    /// <summary>The operation a request is (e.g. <c>SubmitJob</c> for <c>POST /v1/submitjob</c>), or null.</summary>
    public string? OperationFor(string httpMethod, string requestPath)
    {
        var path = StripQuery(requestPath, out _);
        return _routes
            .Where(r => string.Equals(r.Method, httpMethod, StringComparison.OrdinalIgnoreCase) && r.Path.Match(path) is not null)
            .OrderByDescending(r => r.Path.LiteralLength)
            .Select(r => r.Name)
            .FirstOrDefault();
    }

    /// <summary>Throws <see cref="ContractViolationException"/> listing every violation of <see cref="Validate"/>.</summary>
    public void EnsureValid(string operation, string httpMethod, string requestPath, JsonElement? body) =>
        ContractViolationException.ThrowIfAny($"AWS {operation} request", Validate(operation, httpMethod, requestPath, body));

    /// <summary>Checks one request: <paramref name="requestPath"/> may carry the query; <paramref name="body"/> is the
    /// JSON body, or null when none was sent.</summary>
    public IReadOnlyList<ContractViolation> Validate(string operation, string httpMethod, string requestPath, JsonElement? body)
    {
        var violations = new List<ContractViolation>();
        if (!_operations.TryGetProperty(operation, out var definition))
        {
            violations.Add(new("request", $"'{operation}' is not an operation of this service; valid: {string.Join(", ", _operations.EnumerateObject().Select(o => o.Name))}."));
            return violations;
        }
        var http = definition.GetProperty("http");
        var method = http.GetProperty("method").GetString()!;
        if (!string.Equals(method, httpMethod, StringComparison.OrdinalIgnoreCase))
            violations.Add(new("request", $"{operation} is sent with {method}, not {httpMethod}."));
        var path = StripQuery(requestPath, out var query);
        var template = new PathTemplate(StripQuery(http.GetProperty("requestUri").GetString()!, out _));
        var pathValues = template.Match(path);
        if (pathValues is null)
            violations.Add(new("request", $"{operation} is sent to {template.Template}, not {path}."));

        if (!definition.TryGetProperty("input", out var input))
        {
            if (body is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null })
                violations.Add(new(JsonPaths.Root, $"{operation} takes no request body."));
            return violations;
        }
        var shapeName = input.GetProperty("shape").GetString()!;
        var shape = _shapes.GetProperty(shapeName);
        var queryValues = JsonPaths.ParseQuery(query);
        ValidateInput(shape, body, pathValues ?? new Dictionary<string, string>(), queryValues, violations);
        return violations;
    }

    private void ValidateInput(JsonElement shape, JsonElement? body, IReadOnlyDictionary<string, string> pathValues,
        IReadOnlyDictionary<string, string> query, List<ContractViolation> violations)
    {
        var members = shape.GetProperty("members");
        var bodyMembers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in members.EnumerateObject())
        {
            if (!member.Value.TryGetProperty("location", out var location))
            {
                bodyMembers[member.Name] = member.Value;
                continue;
            }
            var wireName = member.Value.TryGetProperty("locationName", out var n) ? n.GetString()! : member.Name;
            var present = location.GetString() switch
            {
                "uri" => pathValues.ContainsKey(wireName),
                "querystring" => query.ContainsKey(wireName),
                _ => true, // headers are not seen here
            };
            if (!present && IsRequired(shape, member.Name))
                violations.Add(new($"{location.GetString()}.{wireName}", $"required {location.GetString()} parameter '{wireName}' is missing."));
        }

        var hasBody = body is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null };
        if (!hasBody)
        {
            foreach (var name in Required(shape).Where(bodyMembers.ContainsKey))
                violations.Add(new(JsonPaths.Property(JsonPaths.Root, name), "required member is missing (no request body was sent)."));
            return;
        }
        ValidateStructure(shape, body!.Value, JsonPaths.Root, violations, bodyMembers);
    }

    private void ValidateValue(JsonElement shape, JsonElement value, string path, List<ContractViolation> violations)
    {
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                if (Expect(value, JsonValueKind.Object, "an object", path, violations))
                    ValidateStructure(shape, value, path, violations, null);
                break;
            case "list":
                if (!Expect(value, JsonValueKind.Array, "a list", path, violations))
                    break;
                CheckLength(shape, value.GetArrayLength(), "items", path, violations);
                var itemShape = Resolve(shape.GetProperty("member"));
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    ValidateValue(itemShape, item, JsonPaths.Item(path, index++), violations);
                break;
            case "map":
                if (!Expect(value, JsonValueKind.Object, "a map (JSON object)", path, violations))
                    break;
                CheckLength(shape, value.EnumerateObject().Count(), "entries", path, violations);
                var keyShape = Resolve(shape.GetProperty("key"));
                var valueShape = Resolve(shape.GetProperty("value"));
                foreach (var entry in value.EnumerateObject())
                {
                    using var key = JsonDocument.Parse(JsonSerializer.Serialize(entry.Name));
                    ValidateValue(keyShape, key.RootElement, $"{path}.{entry.Name}(key)", violations);
                    ValidateValue(valueShape, entry.Value, JsonPaths.Property(path, entry.Name), violations);
                }
                break;
            case "string":
                if (!Expect(value, JsonValueKind.String, "a string", path, violations))
                    break;
                var text = value.GetString()!;
                if (shape.TryGetProperty("enum", out var allowed) && allowed.EnumerateArray().All(a => a.GetString() != text))
                    violations.Add(new(path, $"'{JsonPaths.Shorten(text)}' is not one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()))}."));
                CheckLength(shape, text.Length, "characters", path, violations);
                break;
            case "integer" or "long":
                if (!Expect(value, JsonValueKind.Number, $"an {type} number", path, violations))
                    break;
                if (!value.TryGetInt64(out var whole) || (type == "integer" && whole is < int.MinValue or > int.MaxValue))
                    violations.Add(new(path, $"{value.GetRawText()} is not a whole {type} ({(type == "integer" ? "32" : "64")}-bit)."));
                else
                    CheckRange(shape, whole, path, violations);
                break;
            case "double" or "float":
                if (Expect(value, JsonValueKind.Number, "a number", path, violations))
                    CheckRange(shape, value.GetDouble(), path, violations);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    violations.Add(new(path, $"expected a boolean, got {JsonPaths.Describe(value.ValueKind)}."));
                break;
            case "timestamp":
                if (value.ValueKind == JsonValueKind.String
                    ? !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
                    : value.ValueKind != JsonValueKind.Number)
                    violations.Add(new(path, "expected a timestamp (epoch seconds or an ISO 8601 string)."));
                break;
            case "blob":
                if (Expect(value, JsonValueKind.String, "a base64 string", path, violations)
                    && !Convert.TryFromBase64String(value.GetString()!, new byte[value.GetString()!.Length], out _))
                    violations.Add(new(path, "a blob must be base64."));
                break;
            default:
                violations.Add(new(path, $"the model's shape type '{type}' is not supported by this contract."));
                break;
        }
    }

    private void ValidateStructure(JsonElement shape, JsonElement value, string path, List<ContractViolation> violations,
        Dictionary<string, JsonElement>? bodyMembers)
    {
        if (!Expect(value, JsonValueKind.Object, "an object", path, violations))
            return;
        var members = shape.GetProperty("members");
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = JsonPaths.Property(path, property.Name);
            JsonElement member;
            var known = bodyMembers is null ? members.TryGetProperty(property.Name, out member) : bodyMembers.TryGetValue(property.Name, out member);
            if (!known)
            {
                var valid = bodyMembers?.Keys ?? members.EnumerateObject().Select(m => m.Name);
                violations.Add(new(propertyPath, $"'{property.Name}' is not a member of this shape; valid members: {string.Join(", ", valid)}."));
                continue;
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
                continue;
            ValidateValue(Resolve(member), property.Value, propertyPath, violations);
        }
        foreach (var name in Required(shape))
        {
            if (bodyMembers is not null && !bodyMembers.ContainsKey(name))
                continue;
            if (!value.TryGetProperty(name, out var present) || present.ValueKind == JsonValueKind.Null)
                violations.Add(new(JsonPaths.Property(path, name), "required member is missing."));
        }
    }

    private JsonElement Resolve(JsonElement reference) => _shapes.GetProperty(reference.GetProperty("shape").GetString()!);

    private static IEnumerable<string> Required(JsonElement shape) =>
        shape.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [];

    private static bool IsRequired(JsonElement shape, string member) => Required(shape).Contains(member);

    private static bool Expect(JsonElement value, JsonValueKind kind, string expected, string path, List<ContractViolation> violations)
    {
        if (value.ValueKind == kind)
            return true;
        violations.Add(new(path, $"expected {expected}, got {JsonPaths.Describe(value.ValueKind)}."));
        return false;
    }

    private static void CheckLength(JsonElement shape, long length, string unit, string path, List<ContractViolation> violations)
    {
        if (shape.TryGetProperty("min", out var min) && length < min.GetDouble())
            violations.Add(new(path, $"has {length} {unit}; at least {min.GetRawText()} required."));
        if (shape.TryGetProperty("max", out var max) && length > max.GetDouble())
            violations.Add(new(path, $"has {length} {unit}; at most {max.GetRawText()} allowed."));
    }

    private static void CheckRange(JsonElement shape, double number, string path, List<ContractViolation> violations)
    {
        if (shape.TryGetProperty("min", out var min) && number < min.GetDouble())
            violations.Add(new(path, $"{number.ToString(CultureInfo.InvariantCulture)} is below the minimum {min.GetRawText()}."));
        if (shape.TryGetProperty("max", out var max) && number > max.GetDouble())
            violations.Add(new(path, $"{number.ToString(CultureInfo.InvariantCulture)} is above the maximum {max.GetRawText()}."));
    }

    private static string StripQuery(string path, out string? query)
    {
        var mark = path.IndexOf('?');
        query = mark < 0 ? null : path[(mark + 1)..];
        return mark < 0 ? path : path[..mark];
    }
}
