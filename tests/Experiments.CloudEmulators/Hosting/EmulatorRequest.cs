using System.Text.Json;
using Experiments.CloudEmulators.Contracts;

namespace Experiments.CloudEmulators.Hosting;

/// <summary>A request as an emulator's handler sees it: already authorised and checked against the definition.</summary>
public sealed record EmulatorRequest(
    string Method,
    string Path,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    byte[] BodyBytes,
    JsonElement? Body,
    OperationMatch? Operation)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What a handler answers: a status with a JSON body, raw bytes, or nothing.</summary>
public sealed record EmulatorReply(int Status, object? Json = null, byte[]? Bytes = null, string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static EmulatorReply Empty(int status, IReadOnlyDictionary<string, string>? headers = null) => new(status, Headers: headers);
}
