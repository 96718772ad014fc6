using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Experiments.CloudEmulators.Contracts;

/// <summary>
/// Checks requests against a Google API discovery document (one instance per document): the method by
/// <c>flatPath</c>/<c>path</c> under the service path (for media methods also the <c>/upload/</c> and
/// <c>/download/</c> paths), required and known query parameters with their types, <c>pattern</c>s and enums, and the
/// JSON body against the method's request schema. int64/uint64 must be JSON strings, int32 JSON numbers.
/// </summary>
public sealed class DiscoveryContract
{
    private static readonly Lazy<DiscoveryContract> GoogleBatchLazy =
        new(() => new DiscoveryContract(CloudApiDefinitions.Load(CloudApiDefinitions.GoogleBatchFile).RootElement));
    private static readonly Lazy<DiscoveryContract> GoogleStorageLazy =
        new(() => new DiscoveryContract(CloudApiDefinitions.Load(CloudApiDefinitions.GoogleStorageFile).RootElement));

    private readonly JsonElement _schemas;
    private readonly JsonElement _globalParameters;
    private readonly List<Route> _routes = [];

    /// <param name="document">The root of a Google discovery document.</param>
    public DiscoveryContract(JsonElement document)
    {
        _schemas = document.GetProperty("schemas");
        _globalParameters = document.TryGetProperty("parameters", out var p) ? p : default;
        var servicePath = "/" + (document.TryGetProperty("servicePath", out var s) ? s.GetString() : "");
        Name = document.GetProperty("id").GetString()!;
        AddMethods(document.GetProperty("resources"), servicePath);
    }

    /// <summary>Google Batch v1.</summary>
    public static DiscoveryContract GoogleBatch => GoogleBatchLazy.Value;

    /// <summary>Google Cloud Storage JSON API v1.</summary>
    public static DiscoveryContract GoogleStorage => GoogleStorageLazy.Value;

    /// <summary>The document's id (<c>batch:v1</c>).</summary>
    public string Name { get; }

    /// <summary>The method a request is (id such as <c>storage.objects.insert</c>), or null.</summary>
    public OperationMatch? FindOperation(string httpMethod, string path) =>
        FindRoute(httpMethod, path) is { } found ? new OperationMatch(found.Route.Id, found.Values) : null;

    /// <summary>Throws <see cref="ContractViolationException"/> listing every violation of <see cref="Validate"/>.</summary>
    public void EnsureValid(string httpMethod, string path, IReadOnlyDictionary<string, string> query, JsonElement? body) =>
        ContractViolationException.ThrowIfAny($"{httpMethod} {path}", Validate(httpMethod, path, query, body));

    /// <summary>Checks one request: <paramref name="path"/> is the raw (percent-encoded) path without the query;
    /// <paramref name="body"/> is the JSON body (a multipart upload's metadata part), or null.</summary>
    public IReadOnlyList<ContractViolation> Validate(string httpMethod, string path, IReadOnlyDictionary<string, string> query, JsonElement? body)
    {
        var violations = new List<ContractViolation>();
        if (FindRoute(httpMethod, path) is not { } found)
        {
            var methods = _routes.Where(r => r.Match.Match(path) is not null).Select(r => r.HttpMethod).Distinct().ToList();
            violations.Add(new("request", methods.Count > 0
                ? $"{path} does not take {httpMethod}; it takes {string.Join(", ", methods)}."
                : $"no method of {Name} has the path {path}."));
            return violations;
        }
        var (route, values) = found;
        var parameters = route.Method.TryGetProperty("parameters", out var p) ? p : default;
        if (parameters.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in parameters.EnumerateObject())
            {
                var location = parameter.Value.GetProperty("location").GetString();
                var value = location == "path" ? values.GetValueOrDefault(parameter.Name) : query.GetValueOrDefault(parameter.Name);
                var parameterPath = $"{location}.{parameter.Name}";
                if (value is null)
                {
                    if (parameter.Value.TryGetProperty("required", out var required) && required.GetBoolean())
                        violations.Add(new(parameterPath, $"required {location} parameter '{parameter.Name}' is missing."));
                    continue;
                }
                CheckParameter(parameter.Value, value, parameterPath, violations);
            }
        }
        foreach (var (name, value) in query)
        {
            if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out _))
                continue;
            if (_globalParameters.ValueKind == JsonValueKind.Object && _globalParameters.TryGetProperty(name, out var global))
            {
                CheckParameter(global, value, $"query.{name}", violations);
                continue;
            }
            var valid = (parameters.ValueKind == JsonValueKind.Object ? parameters.EnumerateObject().Where(x => x.Value.GetProperty("location").GetString() == "query").Select(x => x.Name) : [])
                .Concat(_globalParameters.ValueKind == JsonValueKind.Object ? _globalParameters.EnumerateObject().Select(x => x.Name) : []);
            violations.Add(new($"query.{name}", $"'{name}' is not a query parameter of {route.Id}; valid: {string.Join(", ", valid)}."));
        }
        if (route.UploadProtocol is not null)
        {
            var uploadType = query.GetValueOrDefault("uploadType");
            // Each protocol the method declares names its uploadType values (the global parameter's description:
            // "media", "multipart", "resumable"). The service takes them on either declared path: Google's own clients
            // start resumable uploads at /upload/… with uploadType=resumable, as the storage documentation shows.
            var allowed = route.Method.GetProperty("mediaUpload").GetProperty("protocols").EnumerateObject()
                .SelectMany(p => p.Name == "resumable" ? new[] { "resumable" } : ["media", "multipart"])
                .Distinct().ToArray();
            if (uploadType is null || !allowed.Contains(uploadType))
                violations.Add(new("query.uploadType", $"an upload to {route.Match.Template} needs uploadType {string.Join(" or ", allowed)}, not {uploadType ?? "nothing"}."));
        }

        var hasBody = body is { ValueKind: not JsonValueKind.Undefined };
        if (route.Method.TryGetProperty("request", out var request))
        {
            if (hasBody)
                ValidateSchema(request, body!.Value, JsonPaths.Root, violations);
            else if (route.UploadProtocol is null)
                violations.Add(new(JsonPaths.Root, $"{route.Id} needs a {request.GetProperty("$ref").GetString()} request body."));
        }
        else if (hasBody)
        {
            violations.Add(new(JsonPaths.Root, $"{route.Id} takes no request body."));
        }
        return violations;
    }

    /// <summary>Checks a successful JSON response against the method's response schema. Emulators check their own
    /// answers with this.</summary>
    public IReadOnlyList<ContractViolation> ValidateResponse(string httpMethod, string path, JsonElement body)
    {
        if (FindRoute(httpMethod, path) is not { } found)
            return [new("request", $"no method of {Name} is {httpMethod} {path}.")];
        if (!found.Route.Method.TryGetProperty("response", out var response))
            return [new(JsonPaths.Root, $"{found.Route.Id} answers no body.")];
        var violations = new List<ContractViolation>();
        ValidateSchema(response, body, JsonPaths.Root, violations);
        return violations;
    }

    private (Route Route, IReadOnlyDictionary<string, string> Values)? FindRoute(string httpMethod, string path)
    {
        foreach (var route in _routes.Where(r => string.Equals(r.HttpMethod, httpMethod, StringComparison.OrdinalIgnoreCase))
                     .OrderByDescending(r => r.Match.LiteralLength))
        {
            if (route.Match.Match(path) is null)
                continue;
            // The flat path picks the method; the path template (with {+name}) gives the parameter values.
            var values = route.Values.Match(path) ?? route.Match.Match(path)!;
            return (route, values);
        }
        return null;
    }

    private void AddMethods(JsonElement resources, string servicePath)
    {
        foreach (var resource in resources.EnumerateObject())
        {
            if (resource.Value.TryGetProperty("methods", out var methods))
            {
                foreach (var method in methods.EnumerateObject())
                    AddRoutes(method.Value, servicePath);
            }
            if (resource.Value.TryGetProperty("resources", out var nested))
                AddMethods(nested, servicePath);
        }
    }

    private void AddRoutes(JsonElement method, string servicePath)
    {
        var id = method.GetProperty("id").GetString()!;
        var httpMethod = method.GetProperty("httpMethod").GetString()!;
        var path = method.GetProperty("path").GetString()!;
        var flat = method.TryGetProperty("flatPath", out var f) ? f.GetString()! : path;
        var values = new PathTemplate(servicePath + path);
        _routes.Add(new Route(id, httpMethod, method, new PathTemplate(servicePath + flat), values, null));
        if (method.TryGetProperty("useMediaDownloadService", out var download) && download.GetBoolean())
        {
            var downloadTemplate = new PathTemplate("/download" + servicePath + path);
            _routes.Add(new Route(id, httpMethod, method, downloadTemplate, downloadTemplate, null));
        }
        if (method.TryGetProperty("mediaUpload", out var upload) && upload.TryGetProperty("protocols", out var protocols))
        {
            foreach (var protocol in protocols.EnumerateObject())
            {
                var template = new PathTemplate(protocol.Value.GetProperty("path").GetString()!);
                _routes.Add(new Route(id, httpMethod, method, template, template, protocol.Name));
            }
        }
    }

    private static void CheckParameter(JsonElement parameter, string value, string path, List<ContractViolation> violations)
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
                break;
            case "boolean":
                if (value is not ("true" or "false"))
                    violations.Add(new(path, $"'{value}' is not a boolean (true or false)."));
                break;
            default:
                if (SchemaFormats.CheckString(format, value) is { } expected)
                    violations.Add(new(path, $"'{JsonPaths.Shorten(value)}' is not {expected}."));
                break;
        }
        if (parameter.TryGetProperty("enum", out var allowed) && allowed.EnumerateArray().All(a => a.GetString() != value))
            violations.Add(new(path, $"'{JsonPaths.Shorten(value)}' is not one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()))}."));
        if (parameter.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(value, pattern.GetString()!, RegexOptions.CultureInvariant))
            violations.Add(new(path, $"'{JsonPaths.Shorten(value)}' does not match the pattern {pattern.GetString()}."));
    }

    private void ValidateSchema(JsonElement schema, JsonElement value, string path, List<ContractViolation> violations)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            schema = _schemas.GetProperty(reference.GetString()!);
        if (value.ValueKind == JsonValueKind.Null)
            return; // proto3 JSON: null means the default value
        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case "object":
                ValidateObject(schema, value, path, violations);
                break;
            case "array":
                if (!Expect(value, JsonValueKind.Array, "an array", path, violations))
                    break;
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    ValidateSchema(schema.GetProperty("items"), item, JsonPaths.Item(path, index++), violations);
                break;
            case "string":
                if (value.ValueKind == JsonValueKind.Number && format is "int64" or "uint64")
                {
                    violations.Add(new(path, $"{format} values are sent as JSON strings: \"{value.GetRawText()}\", not {value.GetRawText()}."));
                    break;
                }
                if (!Expect(value, JsonValueKind.String, "a string", path, violations))
                    break;
                var text = value.GetString()!;
                if (SchemaFormats.CheckString(format, text) is { } expected)
                    violations.Add(new(path, $"'{JsonPaths.Shorten(text)}' is not {expected}."));
                if (schema.TryGetProperty("enum", out var allowed) && allowed.EnumerateArray().All(a => a.GetString() != text))
                    violations.Add(new(path, $"'{JsonPaths.Shorten(text)}' is not one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()))}."));
                break;
            case "integer":
                if (value.ValueKind == JsonValueKind.String)
                {
                    violations.Add(new(path, $"{format ?? "integer"} values are sent as JSON numbers, not strings."));
                    break;
                }
                if (!Expect(value, JsonValueKind.Number, "an integer", path, violations))
                    break;
                if (!value.TryGetDecimal(out var whole) || whole != decimal.Truncate(whole))
                    violations.Add(new(path, $"{value.GetRawText()} is not a whole number."));
                else if (SchemaFormats.CheckInteger(format, whole) is { } range)
                    violations.Add(new(path, $"{value.GetRawText()} is not {range}."));
                break;
            case "number":
                Expect(value, JsonValueKind.Number, "a number", path, violations);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    violations.Add(new(path, $"expected a boolean, got {JsonPaths.Describe(value.ValueKind)}."));
                break;
            case "any":
                break;
            default:
                if (schema.TryGetProperty("properties", out _))
                    ValidateObject(schema, value, path, violations);
                break;
        }
    }

    private void ValidateObject(JsonElement schema, JsonElement value, string path, List<ContractViolation> violations)
    {
        if (!Expect(value, JsonValueKind.Object, "an object", path, violations))
            return;
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = JsonPaths.Property(path, property.Name);
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                ValidateSchema(propertySchema, property.Value, propertyPath, violations);
            else if (additional.ValueKind == JsonValueKind.Object)
                ValidateSchema(additional, property.Value, propertyPath, violations);
            else
                violations.Add(new(propertyPath, $"'{property.Name}' is not a field of {(schema.TryGetProperty("id", out var id) ? id.GetString() : "this object")}; valid fields: "
                    + (properties.ValueKind == JsonValueKind.Object ? string.Join(", ", properties.EnumerateObject().Select(x => x.Name)) : "none") + "."));
        }
    }

    private static bool Expect(JsonElement value, JsonValueKind kind, string expected, string path, List<ContractViolation> violations)
    {
        if (value.ValueKind == kind)
            return true;
        violations.Add(new(path, $"expected {expected}, got {JsonPaths.Describe(value.ValueKind)}."));
        return false;
    }

    private sealed record Route(string Id, string HttpMethod, JsonElement Method, PathTemplate Match, PathTemplate Values, string? UploadProtocol);
}
