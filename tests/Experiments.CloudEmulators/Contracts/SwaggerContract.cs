using System.Globalization;
using System.Text.Json;

namespace Experiments.CloudEmulators.Contracts;

/// <summary>
/// Checks requests against a Swagger 2.0 definition (Azure Batch): the path template and operation, required path,
/// query (including <c>api-version</c> equal to the definition's version) and header parameters, unknown query
/// parameters, and the JSON body against its schema (<c>$ref</c>, <c>allOf</c>, <c>required</c>, types and formats,
/// <c>enum</c>, unknown and <c>readOnly</c> properties, <c>additionalProperties</c>, item and value limits).
/// </summary>
public sealed class SwaggerContract
{
    private static readonly Lazy<SwaggerContract> AzureBatchLazy =
        new(() => new SwaggerContract(CloudApiDefinitions.Load(CloudApiDefinitions.AzureBatchFile).RootElement));

    private readonly JsonElement _document;
    private readonly List<(PathTemplate Template, JsonElement PathItem)> _paths = [];

    /// <param name="document">The root of a Swagger 2.0 document.</param>
    public SwaggerContract(JsonElement document)
    {
        _document = document;
        ApiVersion = document.GetProperty("info").GetProperty("version").GetString()!;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            _paths.Add((new PathTemplate(path.Name), path.Value));
    }

    /// <summary>Azure Batch data plane 2024-02-01.19.0.</summary>
    public static SwaggerContract AzureBatch => AzureBatchLazy.Value;

    /// <summary>The version every request must send as <c>api-version</c>.</summary>
    public string ApiVersion { get; }

    /// <summary>The operation a request is, or null when no path and method of the definition match.</summary>
    public OperationMatch? FindOperation(string httpMethod, string path)
    {
        var found = FindPathItem(httpMethod, path);
        return found is { } f ? new OperationMatch(f.Operation.GetProperty("operationId").GetString()!, f.Values) : null;
    }

    /// <summary>Throws <see cref="ContractViolationException"/> listing every violation of <see cref="Validate"/>.</summary>
    public void EnsureValid(string httpMethod, string path, IReadOnlyDictionary<string, string> query,
        IReadOnlyDictionary<string, string> headers, JsonElement? body) =>
        ContractViolationException.ThrowIfAny($"{httpMethod} {path}", Validate(httpMethod, path, query, headers, body));

    /// <summary>Checks one request: <paramref name="path"/> is the raw path without the query; header names are
    /// matched case-insensitively; <paramref name="body"/> is the JSON body, or null when none was sent.</summary>
    public IReadOnlyList<ContractViolation> Validate(string httpMethod, string path, IReadOnlyDictionary<string, string> query,
        IReadOnlyDictionary<string, string> headers, JsonElement? body)
    {
        var violations = new List<ContractViolation>();
        var found = FindPathItem(httpMethod, path);
        if (found is not { } match)
        {
            var methods = _paths.Where(p => p.Template.Match(path) is not null)
                .SelectMany(p => p.PathItem.EnumerateObject().Select(o => o.Name.ToUpperInvariant())).ToList();
            violations.Add(new("request", methods.Count > 0
                ? $"{path} does not take {httpMethod}; it takes {string.Join(", ", methods)}."
                : $"no operation of the definition has the path {path}."));
            return violations;
        }
        var headerValues = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        var parameters = Parameters(match.PathItem, match.Operation).ToList();
        JsonElement? bodySchema = null;
        var bodyRequired = false;
        foreach (var parameter in parameters)
        {
            var name = parameter.GetProperty("name").GetString()!;
            var location = parameter.GetProperty("in").GetString()!;
            var required = parameter.TryGetProperty("required", out var r) && r.GetBoolean();
            if (parameter.TryGetProperty("x-ms-parameter-location", out var where) && where.GetString() == "client" && location == "path")
                continue; // the account URL, part of the host
            string? value;
            switch (location)
            {
                case "body":
                    bodySchema = parameter.GetProperty("schema");
                    bodyRequired = required;
                    continue;
                case "path":
                    value = match.Values.GetValueOrDefault(name);
                    break;
                case "query":
                    value = query.TryGetValue(name, out var q) ? q : null;
                    break;
                case "header":
                    value = headerValues.TryGetValue(name, out var h) ? h : null;
                    break;
                default:
                    continue;
            }
            var parameterPath = $"{location}.{name}";
            if (value is null)
            {
                if (required)
                    violations.Add(new(parameterPath, $"required {location} parameter '{name}' is missing."));
                continue;
            }
            CheckParameterValue(parameter, value, parameterPath, violations);
            if (name == "api-version" && value != ApiVersion)
                violations.Add(new(parameterPath, $"'{value}' is not the definition's version; send api-version={ApiVersion}."));
        }
        var knownQuery = parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToHashSet();
        // Azure's own odata.nextLink carries $skiptoken for pageable operations.
        if (match.Operation.TryGetProperty("x-ms-pageable", out _))
            knownQuery.Add("$skiptoken");
        foreach (var name in query.Keys.Where(n => !knownQuery.Contains(n)))
            violations.Add(new($"query.{name}", $"'{name}' is not a query parameter of {match.Operation.GetProperty("operationId").GetString()}; valid: {string.Join(", ", knownQuery.Order(StringComparer.Ordinal))}."));

        var hasBody = body is { ValueKind: not JsonValueKind.Undefined };
        if (bodySchema is null)
        {
            if (hasBody)
                violations.Add(new(JsonPaths.Root, $"{match.Operation.GetProperty("operationId").GetString()} takes no request body."));
        }
        else if (!hasBody)
        {
            if (bodyRequired)
                violations.Add(new(JsonPaths.Root, "the request body is required."));
        }
        else
        {
            ValidateSchema(bodySchema.Value, body!.Value, JsonPaths.Root, violations);
        }
        return violations;
    }

    /// <summary>Checks a response body against the operation's response schema for <paramref name="status"/> (or its
    /// <c>default</c>, the error schema); read-only properties are expected here. Emulators check their own answers
    /// with this.</summary>
    public IReadOnlyList<ContractViolation> ValidateResponse(string httpMethod, string path, int status, JsonElement body)
    {
        var violations = new List<ContractViolation>();
        if (FindPathItem(httpMethod, path) is not { } match)
            return [new("request", $"no operation of the definition is {httpMethod} {path}.")];
        var responses = match.Operation.GetProperty("responses");
        if (!responses.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var declared) && !responses.TryGetProperty("default", out declared))
            return [new("response", $"status {status} is not a response of {match.Operation.GetProperty("operationId").GetString()}.")];
        if (declared.TryGetProperty("schema", out var schema))
            ValidateSchema(schema, body, JsonPaths.Root, violations, response: true);
        else
            violations.Add(new(JsonPaths.Root, $"the {status} response of {match.Operation.GetProperty("operationId").GetString()} has no body."));
        return violations;
    }

    private (JsonElement PathItem, JsonElement Operation, IReadOnlyDictionary<string, string> Values)? FindPathItem(string httpMethod, string path)
    {
        var method = httpMethod.ToLowerInvariant();
        foreach (var (template, item) in _paths.OrderByDescending(p => p.Template.LiteralLength))
        {
            if (template.Match(path) is not { } values || !item.TryGetProperty(method, out var operation))
                continue;
            return (item, operation, values);
        }
        return null;
    }

    private IEnumerable<JsonElement> Parameters(JsonElement pathItem, JsonElement operation)
    {
        var own = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().Select(ResolveParameter).ToList() : [];
        var shared = pathItem.TryGetProperty("parameters", out var s) ? s.EnumerateArray().Select(ResolveParameter) : [];
        return own.Concat(shared.Where(sp => own.All(o => o.GetProperty("name").GetString() != sp.GetProperty("name").GetString())));
    }

    private JsonElement ResolveParameter(JsonElement parameter) =>
        parameter.TryGetProperty("$ref", out var reference) ? ResolvePointer(reference.GetString()!) : parameter;

    private JsonElement ResolvePointer(string pointer)
    {
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
            throw new NotSupportedException($"Only local references are supported, not {pointer}.");
        var element = _document;
        foreach (var part in pointer[2..].Split('/'))
            element = element.GetProperty(part.Replace("~1", "/").Replace("~0", "~"));
        return element;
    }

    private static void CheckParameterValue(JsonElement parameter, string value, string path, List<ContractViolation> violations)
    {
        var type = parameter.TryGetProperty("type", out var t) ? t.GetString() : "string";
        var format = parameter.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case "integer":
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    violations.Add(new(path, $"'{value}' is not an integer."));
                else if (SchemaFormats.CheckInteger(format, number) is { } range)
                    violations.Add(new(path, $"{value} is not {range}."));
                else
                    CheckRange(parameter, number, path, violations);
                break;
            case "boolean":
                if (value is not ("true" or "false" or "True" or "False"))
                    violations.Add(new(path, $"'{value}' is not a boolean (true or false)."));
                break;
            case "string":
                if (SchemaFormats.CheckString(format, value) is { } expected)
                    violations.Add(new(path, $"'{JsonPaths.Shorten(value)}' is not {expected}."));
                CheckEnum(parameter, value, path, violations);
                break;
        }
    }

    private void ValidateSchema(JsonElement schema, JsonElement value, string path, List<ContractViolation> violations, bool response = false)
    {
        schema = schema.TryGetProperty("$ref", out var reference) ? ResolvePointer(reference.GetString()!) : schema;
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!(schema.TryGetProperty("x-nullable", out var nullable) && nullable.GetBoolean()))
                violations.Add(new(path, "null is not allowed here; omit the property instead."));
            return;
        }
        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : (HasObjectParts(schema) ? "object" : null);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (type == "file" || format == "file")
            return; // a byte stream (file contents, RDP files), not JSON
        switch (type)
        {
            case "object":
                ValidateObject(schema, value, path, violations, response);
                break;
            case "array":
                if (!Expect(value, JsonValueKind.Array, "an array", path, violations))
                    break;
                var count = value.GetArrayLength();
                if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
                    violations.Add(new(path, $"has {count} items; at most {maxItems.GetInt32()} allowed."));
                if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
                    violations.Add(new(path, $"has {count} items; at least {minItems.GetInt32()} required."));
                if (schema.TryGetProperty("items", out var items))
                {
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                        ValidateSchema(items, item, JsonPaths.Item(path, index++), violations, response);
                }
                break;
            case "string":
                if (!Expect(value, JsonValueKind.String, "a string", path, violations))
                    break;
                var text = value.GetString()!;
                if (SchemaFormats.CheckString(format, text) is { } expected)
                    violations.Add(new(path, $"'{JsonPaths.Shorten(text)}' is not {expected}."));
                CheckEnum(schema, text, path, violations);
                break;
            case "integer":
                if (!Expect(value, JsonValueKind.Number, "an integer", path, violations))
                    break;
                if (!value.TryGetDecimal(out var whole) || whole != decimal.Truncate(whole))
                    violations.Add(new(path, $"{value.GetRawText()} is not a whole number."));
                else if (SchemaFormats.CheckInteger(format, whole) is { } range)
                    violations.Add(new(path, $"{value.GetRawText()} is not {range}."));
                else
                    CheckRange(schema, (double)whole, path, violations);
                break;
            case "number":
                if (Expect(value, JsonValueKind.Number, "a number", path, violations))
                    CheckRange(schema, value.GetDouble(), path, violations);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    violations.Add(new(path, $"expected a boolean, got {JsonPaths.Describe(value.ValueKind)}."));
                break;
        }
    }

    private void ValidateObject(JsonElement schema, JsonElement value, string path, List<ContractViolation> violations, bool response)
    {
        if (!Expect(value, JsonValueKind.Object, "an object", path, violations))
            return;
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        JsonElement? additional = null;
        Collect(schema, properties, required, ref additional);
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = JsonPaths.Property(path, property.Name);
            if (properties.TryGetValue(property.Name, out var propertySchema))
            {
                if (!response && propertySchema.TryGetProperty("readOnly", out var readOnly) && readOnly.GetBoolean())
                {
                    violations.Add(new(propertyPath, $"'{property.Name}' is read-only (set by the service) and must not be sent."));
                    continue;
                }
                ValidateSchema(propertySchema, property.Value, propertyPath, violations, response);
            }
            else if (additional is { ValueKind: JsonValueKind.Object } additionalSchema)
            {
                ValidateSchema(additionalSchema, property.Value, propertyPath, violations, response);
            }
            else if (additional is not { ValueKind: JsonValueKind.True })
            {
                violations.Add(new(propertyPath, $"'{property.Name}' is not a property of this object; valid properties: {string.Join(", ", properties.Keys)}."));
            }
        }
        foreach (var name in required)
        {
            if (!value.TryGetProperty(name, out var present) || present.ValueKind == JsonValueKind.Null)
                violations.Add(new(JsonPaths.Property(path, name), "required property is missing."));
        }
    }

    private void Collect(JsonElement schema, Dictionary<string, JsonElement> properties, HashSet<string> required, ref JsonElement? additional)
    {
        schema = schema.TryGetProperty("$ref", out var reference) ? ResolvePointer(reference.GetString()!) : schema;
        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
                Collect(part, properties, required, ref additional);
        }
        if (schema.TryGetProperty("properties", out var own))
        {
            foreach (var property in own.EnumerateObject())
                properties[property.Name] = property.Value;
        }
        if (schema.TryGetProperty("required", out var names))
        {
            foreach (var name in names.EnumerateArray())
                required.Add(name.GetString()!);
        }
        if (schema.TryGetProperty("additionalProperties", out var extra))
            additional = extra;
    }

    private static bool HasObjectParts(JsonElement schema) =>
        schema.TryGetProperty("properties", out _) || schema.TryGetProperty("allOf", out _) || schema.TryGetProperty("additionalProperties", out _);

    private static void CheckEnum(JsonElement schema, string text, string path, List<ContractViolation> violations)
    {
        if (schema.TryGetProperty("enum", out var allowed) && allowed.EnumerateArray().All(a => a.GetString() != text))
            violations.Add(new(path, $"'{JsonPaths.Shorten(text)}' is not one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()))}."));
    }

    private static void CheckRange(JsonElement schema, double number, string path, List<ContractViolation> violations)
    {
        if (schema.TryGetProperty("minimum", out var min) && number < min.GetDouble())
            violations.Add(new(path, $"{number.ToString(CultureInfo.InvariantCulture)} is below the minimum {min.GetRawText()}."));
        if (schema.TryGetProperty("maximum", out var max) && number > max.GetDouble())
            violations.Add(new(path, $"{number.ToString(CultureInfo.InvariantCulture)} is above the maximum {max.GetRawText()}."));
    }

    private static bool Expect(JsonElement value, JsonValueKind kind, string expected, string path, List<ContractViolation> violations)
    {
        if (value.ValueKind == kind)
            return true;
        violations.Add(new(path, $"expected {expected}, got {JsonPaths.Describe(value.ValueKind)}."));
        return false;
    }
}
