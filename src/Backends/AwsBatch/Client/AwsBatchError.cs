using System.Net.Http.Headers;
using System.Text.Json;

namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// Reads a rest-json error answer: the code from the body's <c>__type</c> (or <c>code</c>) or else the
/// <c>x-amzn-ErrorType</c> header, without its namespace (<c>com.amazonaws.batch#ClientException</c>) or URL suffix
/// (<c>ClientException:http://…</c>); the message from <c>message</c> or <c>Message</c>.
/// </summary>
internal static class AwsBatchError
{
    public static (string? Code, string? Message) Parse(HttpResponseHeaders headers, string body)
    {
        string? code = null, message = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = Text(document.RootElement, "__type") ?? Text(document.RootElement, "code") ?? Text(document.RootElement, "Code");
                message = Text(document.RootElement, "message") ?? Text(document.RootElement, "Message");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): the status tells what there is to tell; the body is shown shortened.
            message = body.Length > 200 ? body[..200] + "…" : body;
        }
        if (code is null && headers.TryGetValues("x-amzn-ErrorType", out var types))
            code = types.FirstOrDefault();
        return (Clean(code), string.IsNullOrWhiteSpace(message) ? null : message.Trim());
    }

    private static string? Clean(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return null;
        var hash = code.LastIndexOf('#');
        if (hash >= 0)
            code = code[(hash + 1)..];
        var colon = code.IndexOf(':');
        return colon >= 0 ? code[..colon] : code.Trim();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
