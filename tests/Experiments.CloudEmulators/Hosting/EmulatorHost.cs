using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Experiments.CloudEmulators.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Experiments.CloudEmulators.Hosting;

/// <summary>
/// The HTTP side every emulator shares: Kestrel on 127.0.0.1 with a free port, then for each request in order —
/// authorisation, injected faults, a service-specific precheck, the contract (a violation answers 400 and is
/// recorded), an injected dropped connection, and finally the emulator's handler. Every request is logged.
/// </summary>
public abstract class EmulatorHost : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<RecordedViolation> _violations = new();
    private WebApplication? _app;

    /// <summary>Faults to inject into the coming requests and task attempts.</summary>
    public EmulatorFaults Faults { get; } = new();

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Every contract violation seen; a backend that speaks the API correctly leaves this empty.</summary>
    public IReadOnlyList<RecordedViolation> Violations => _violations.ToArray();

    /// <summary>Where the emulator listens, ending in '/'; set by <see cref="StartAsync"/>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Starts listening on 127.0.0.1 at a free port and returns the base URI.</summary>
    public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
            throw new InvalidOperationException($"{GetType().Name} is already started at {BaseUri}.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(ServeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.TrimEnd('/') + "/");
        _app = app;
        OnStarted();
        return BaseUri;
    }

    public async ValueTask DisposeAsync()
    {
        await OnStoppingAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Called once listening (start background work here).</summary>
    protected virtual void OnStarted()
    {
    }

    /// <summary>Called before the server stops (stop background work here).</summary>
    protected virtual Task OnStoppingAsync() => Task.CompletedTask;

    /// <summary>Why the request is not authorised, or null when it is.</summary>
    protected abstract string? Unauthorized(EmulatorRequest request);

    /// <summary>The operation of the definition this request is, or null.</summary>
    protected abstract OperationMatch? FindOperation(string method, string path);

    /// <summary>The request against the official definition.</summary>
    protected abstract IReadOnlyList<ContractViolation> Validate(EmulatorRequest request);

    /// <summary>Service checks made before the contract (e.g. body size limits); null to go on.</summary>
    protected virtual EmulatorReply? Precheck(EmulatorRequest request) => null;

    /// <summary>The JSON body of a request (for a multipart upload, its metadata part); null when there is none.</summary>
    protected virtual ValueTask<JsonElement?> ParseBodyAsync(EmulatorRequest request) =>
        ValueTask.FromResult<JsonElement?>(request.BodyBytes.Length == 0 ? null : JsonDocument.Parse(request.BodyBytes).RootElement.Clone());

    /// <summary>The emulator's own JSON answer against the definition's response schema; a violation is an emulator
    /// bug and answers 500.</summary>
    protected virtual IReadOnlyList<ContractViolation> ValidateReply(EmulatorRequest request, int status, JsonElement json) => [];

    /// <summary>Carries out a valid request.</summary>
    protected abstract Task<EmulatorReply> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken);

    /// <summary>An error in the service's own shape.</summary>
    protected abstract EmulatorReply Error(int status, string code, string message, IReadOnlyList<ContractViolation>? violations = null);

    /// <summary>The service's answer to a throttled request.</summary>
    protected abstract EmulatorReply Throttled();

    protected void RecordViolations(EmulatorRequest request, IEnumerable<ContractViolation> violations)
    {
        foreach (var violation in violations)
            _violations.Enqueue(new RecordedViolation(request.Method, request.PathAndQuery, violation));
    }

    private async Task ServeAsync(HttpContext context)
    {
        var http = context.Request;
        var path = http.Path.ToUriComponent();
        var pathAndQuery = path + http.QueryString.ToUriComponent();
        var operation = FindOperation(http.Method, path);
        var status = RecordedRequest.Dropped;
        var logged = false;
        var arrived = Stopwatch.GetTimestamp();
        byte[] received = [];
        RecordedRequest Recorded(int answered) => new(http.Method, path, operation?.Id, answered)
        {
            Elapsed = Stopwatch.GetElapsedTime(arrived),
            Query = http.QueryString.ToUriComponent(),
            Body = received,
        };
        try
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            var bytes = buffer.ToArray();
            // Google's client libraries gzip request bodies (Content-Encoding: gzip), as Google's services accept.
            if (string.Equals(http.Headers.ContentEncoding.ToString(), "gzip", StringComparison.OrdinalIgnoreCase))
                bytes = Gunzip(bytes);
            received = bytes;
            var query = JsonPaths.ParseQuery(http.QueryString.Value);
            var headers = http.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new EmulatorRequest(http.Method, path, pathAndQuery, query, headers, http.ContentType, bytes, null, operation);

            var (reply, parsed) = await AnswerAsync(request).ConfigureAwait(false);
            if (reply is null)
            {
                request = request with { Body = parsed };
                if (Faults.TakeDrop(http.Method, path) is { } applyFirst)
                {
                    if (applyFirst)
                        await HandleAsync(request, CancellationToken.None).ConfigureAwait(false);
                    // Logged before the abort: the client may retry as soon as it sees the connection drop.
                    _requests.Enqueue(Recorded(RecordedRequest.Dropped));
                    logged = true;
                    context.Abort();
                    return;
                }
                reply = await HandleSafelyAsync(request, context.RequestAborted).ConfigureAwait(false);
            }
            status = reply.Status;
            // Logged before the answer goes out, so the log's order is the order the client saw.
            _requests.Enqueue(Recorded(status));
            logged = true;
            await WriteAsync(context, reply).ConfigureAwait(false);
        }
        finally
        {
            if (!logged)
                _requests.Enqueue(Recorded(status));
        }
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    /// <summary>The handler's reply; an emulator bug answers 500 with the exception, so the test sees it.</summary>
    private async Task<EmulatorReply> HandleSafelyAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await HandleAsync(request, cancellationToken).ConfigureAwait(false);
            if (reply.Json is null)
                return reply;
            var json = JsonSerializer.SerializeToElement(reply.Json, reply.Json.GetType(), JsonOptions);
            var broken = ValidateReply(request, reply.Status, json);
            if (broken.Count > 0)
                throw new ContractViolationException($"The emulator's {reply.Status} answer to {request.Method} {request.PathAndQuery}", broken);
            return reply;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Error(500, "InternalError", $"The emulator failed on {request.Method} {request.PathAndQuery}: {e}");
        }
    }

    /// <summary>The answer before the handler (unauthorised, a fault, a precheck, a violation), or null to handle.</summary>
    private async Task<(EmulatorReply? Reply, JsonElement? Body)> AnswerAsync(EmulatorRequest request)
    {
        if (Unauthorized(request) is { } why)
            return (Error(401, "AuthenticationFailed", why), null);
        if (Faults.TakeThrottle())
            return (Throttled(), null);
        if (Faults.TakeFailure() is { } serverError)
            return (Error(serverError, serverError == 503 ? "ServiceUnavailable" : "InternalError", "Injected server fault."), null);
        if (Precheck(request) is { } early)
            return (early, null);
        JsonElement? body;
        try
        {
            body = await ParseBodyAsync(request).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException)
        {
            var violation = new ContractViolation(JsonPaths.Root, $"the body cannot be read: {e.Message}");
            RecordViolations(request, [violation]);
            return (Error(400, "InvalidRequestBody", violation.ToString(), [violation]), null);
        }
        var violations = Validate(request with { Body = body });
        if (violations.Count == 0)
            return (null, body);
        RecordViolations(request, violations);
        return (Error(400, "InvalidRequest", $"The request breaks the API definition: {string.Join("; ", violations)}", violations), null);
    }

    private static async Task WriteAsync(HttpContext context, EmulatorReply reply)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            response.Headers[name] = value;
        if (reply.Json is not null)
        {
            response.ContentType = reply.ContentType ?? "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, reply.Json, reply.Json.GetType(), JsonOptions).ConfigureAwait(false);
        }
        else if (reply.Bytes is not null)
        {
            response.ContentType = reply.ContentType ?? "application/octet-stream";
            response.ContentLength = reply.Bytes.Length;
            await response.Body.WriteAsync(reply.Bytes).ConfigureAwait(false);
        }
    }
}
