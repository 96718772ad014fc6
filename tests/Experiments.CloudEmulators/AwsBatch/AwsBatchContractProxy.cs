using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Experiments.CloudEmulators.Contracts;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.AwsBatch;

/// <summary>
/// A checking proxy in front of moto's AWS Batch: every request is checked against the botocore model (a violation
/// answers 400 <c>ClientException</c> and is recorded, without reaching moto); valid ones are forwarded unchanged and
/// moto's answer is passed back. Point the backend's Batch endpoint (not S3's) at <see cref="EmulatorHost.BaseUri"/>.
/// Faults and the request log work as for the emulators.
/// <para>
/// With a task hook the proxy also plays the compute fleet (<see cref="AwsBatchFleet"/>): moto only records jobs, the
/// fleet runs their children through the hook and the proxy's DescribeJobs/ListJobs answers show the fleet's progress.
/// <c>Faults.FailFirstAttemptOf</c> takes child job ids (<c>{parent}:{index}</c>) or array indexes (which then apply to
/// every array).
/// </para>
/// </summary>
/// <param name="upstream">moto's base URI.</param>
/// <param name="runTask">The fleet's hook (null: no fleet; moto's own answers pass unchanged).</param>
public sealed class AwsBatchContractProxy(Uri upstream, Func<EmulatedTask, CancellationToken, Task<int>>? runTask = null) : EmulatorHost
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Expect",
    };

    private readonly HttpClient _upstream = new() { BaseAddress = upstream };
    private AwsBatchFleet? _fleet;

    /// <summary>How many task attempts the fleet runs at once.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>The fleet, when the proxy was given a hook (after <see cref="EmulatorHost.StartAsync"/>).</summary>
    public AwsBatchFleet? Fleet => _fleet;

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

    protected override void OnStarted()
    {
        if (runTask is not null)
            _fleet = new AwsBatchFleet(runTask, Faults, Parallelism, upstream);
    }

    protected override async Task<EmulatorReply> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        if (_fleet is null || request.Body is not { } body)
            return await ForwardAsync(request, request.BodyBytes, cancellationToken).ConfigureAwait(false);
        switch (request.Operation?.Id)
        {
            case "ListJobs":
            {
                // Signed for the original body, but moto checks no signature.
                var (forwarded, status) = AwsBatchFleet.ListRequest(body);
                var reply = await ForwardAsync(request, forwarded, cancellationToken).ConfigureAwait(false);
                return Rewrite(reply, json => _fleet.RewriteList(json, status));
            }
            case "DescribeJobs":
                return Rewrite(await ForwardAsync(request, request.BodyBytes, cancellationToken).ConfigureAwait(false), _fleet.RewriteDescribe);
            case "RegisterJobDefinition":
            {
                var reply = await ForwardAsync(request, request.BodyBytes, cancellationToken).ConfigureAwait(false);
                if (reply.Status == 200)
                    _fleet.Registered(body, JsonDocument.Parse(reply.Bytes!).RootElement);
                return reply;
            }
            case "SubmitJob":
            {
                var reply = await ForwardAsync(request, request.BodyBytes, cancellationToken).ConfigureAwait(false);
                if (reply.Status == 200)
                    _fleet.Submitted(body, JsonDocument.Parse(reply.Bytes!).RootElement);
                return reply;
            }
            case "TerminateJob":
            {
                var reply = await ForwardAsync(request, request.BodyBytes, cancellationToken).ConfigureAwait(false);
                if (reply.Status == 200)
                    _fleet.Terminate(body.GetProperty("jobId").GetString()!, body.GetProperty("reason").GetString()!);
                return reply;
            }
            default:
                return await ForwardAsync(request, request.BodyBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static EmulatorReply Rewrite(EmulatorReply reply, Func<JsonNode, JsonNode> rewrite) =>
        reply.Status != 200 || reply.Bytes is null
            ? reply
            : reply with { Bytes = System.Text.Encoding.UTF8.GetBytes(rewrite(JsonNode.Parse(reply.Bytes)!).ToJsonString()) };

    private async Task<EmulatorReply> ForwardAsync(EmulatorRequest request, byte[] bodyBytes, CancellationToken cancellationToken)
    {
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery.TrimStart('/'));
        foreach (var (name, value) in request.Headers.Where(h => !HopHeaders.Contains(h.Key)))
            forward.Headers.TryAddWithoutValidation(name, value);
        if (bodyBytes.Length > 0)
        {
            forward.Content = new ByteArrayContent(bodyBytes);
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
        if (_fleet is not null)
            await _fleet.DisposeAsync().ConfigureAwait(false);
        _upstream.Dispose();
        await base.OnStoppingAsync().ConfigureAwait(false);
    }
}
