using System.Net.Http.Headers;
using Experiments.CloudEmulators.Contracts;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.AwsBatch;

/// <summary>
/// A checking proxy in front of moto's AWS Batch: every request is checked against the botocore model (a violation
/// answers 400 <c>ClientException</c> and is recorded, without reaching moto); valid ones are forwarded unchanged and
/// moto's answer is passed back. Point the backend's Batch endpoint (not S3's) at <see cref="EmulatorHost.BaseUri"/>.
/// Faults and the request log work as for the emulators.
/// </summary>
public sealed class AwsBatchContractProxy(Uri upstream) : EmulatorHost
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Expect",
    };

    private readonly HttpClient _upstream = new() { BaseAddress = upstream };

    /// <summary>The contract every request is checked against.</summary>
    public static BotocoreContract Contract => BotocoreContract.AwsBatch;

    protected override string? Unauthorized(EmulatorRequest request) =>
        request.Header("Authorization") is { } authorization && authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal)
            ? null
            : "The request is not signed: it has no 'Authorization: AWS4-HMAC-SHA256 …' header.";

    protected override OperationMatch? FindOperation(string method, string path) =>
        Contract.OperationFor(method, path) is { } operation ? new OperationMatch(operation, new Dictionary<string, string>()) : null;

    protected override IReadOnlyList<ContractViolation> Validate(EmulatorRequest request) =>
        request.Operation is { } operation
            ? Contract.Validate(operation.Id, request.Method, request.PathAndQuery, request.Body)
            : [new ContractViolation("request", $"{request.Method} {request.Path} is not an operation of AWS Batch 2016-08-10.")];

    protected override EmulatorReply Error(int status, string code, string message, IReadOnlyList<ContractViolation>? violations = null)
    {
        var type = status switch
        {
            400 => "ClientException",
            401 or 403 => "UnrecognizedClientException",
            429 => "TooManyRequestsException",
            _ => "ServerException",
        };
        return new EmulatorReply(status, new Dictionary<string, string> { ["__type"] = type, ["message"] = message },
            Headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = type });
    }

    protected override EmulatorReply Throttled() => Error(429, "TooManyRequestsException", "Too many requests (emulated throttling).");

    protected override async Task<EmulatorReply> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery.TrimStart('/'));
        foreach (var (name, value) in request.Headers.Where(h => !HopHeaders.Contains(h.Key)))
            forward.Headers.TryAddWithoutValidation(name, value);
        if (request.BodyBytes.Length > 0)
        {
            forward.Content = new ByteArrayContent(request.BodyBytes);
            if (request.ContentType is not null)
                forward.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        }
        using var response = await _upstream.SendAsync(forward, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = response.Headers.Where(h => h.Key.StartsWith("x-amz", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value));
        return new EmulatorReply((int)response.StatusCode, Bytes: bytes, ContentType: response.Content.Headers.ContentType?.ToString(), Headers: headers);
    }

    protected override async Task OnStoppingAsync()
    {
        _upstream.Dispose();
        await base.OnStoppingAsync().ConfigureAwait(false);
    }
}
