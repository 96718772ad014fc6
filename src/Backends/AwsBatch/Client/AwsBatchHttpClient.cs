using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// AWS Batch's rest-json API over <see cref="HttpClient"/>, signed with Signature Version 4 by AWSSDK.Core, with
/// credentials and region found as <see cref="AwsBatchConnection"/> describes: only the operations the backend uses
/// (AWSSDK.Batch is not available everywhere; an adapter over it can replace this class behind
/// <see cref="IAwsBatchClient"/>). Throttling, server errors and connection failures are retried as
/// <see cref="AwsBatchRetryPolicy"/> says; everything else fails at once with an <see cref="AwsBatchException"/>.
/// </summary>
public sealed class AwsBatchHttpClient : IAwsBatchClient, IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue Json11 = new("application/x-amz-json-1.1");

    private readonly AwsBatchConnection _connection;
    private readonly AwsBatchRetryPolicy _retry;
    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;

    public AwsBatchHttpClient(AwsBatchClientOptions? options = null)
    {
        options ??= new AwsBatchClientOptions();
        options.Retry.Validate();
        _connection = AwsBatchConnection.Resolve(options);
        _retry = options.Retry;
        _requestTimeout = options.RequestTimeout;
        // The per-call timeout is applied per attempt below, so HttpClient's own one is off.
        _http = new HttpClient(options.HttpHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The service URL requests go to.</summary>
    public Uri Endpoint => _connection.Endpoint;

    /// <summary>The region requests are signed for.</summary>
    public string Region => _connection.Region;

    public Task<RegisterJobDefinitionResponse> RegisterJobDefinitionAsync(RegisterJobDefinitionRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<RegisterJobDefinitionRequest, RegisterJobDefinitionResponse>("RegisterJobDefinition", "v1/registerjobdefinition", request, cancellationToken);

    public Task<DescribeJobDefinitionsResponse> DescribeJobDefinitionsAsync(DescribeJobDefinitionsRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<DescribeJobDefinitionsRequest, DescribeJobDefinitionsResponse>("DescribeJobDefinitions", "v1/describejobdefinitions", request, cancellationToken);

    /// <summary>
    /// SubmitJob has no idempotency token: a call whose answer was lost may have started a job, and sending it again
    /// would start a second one. So only throttling (refused, certainly not carried out) is retried here; a lost answer
    /// or a server error throws with <see cref="AwsBatchException.MayHaveBeenApplied"/> set, for the caller to look the
    /// job up by its name before submitting again.
    /// </summary>
    public Task<SubmitJobResponse> SubmitJobAsync(SubmitJobRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<SubmitJobRequest, SubmitJobResponse>("SubmitJob", "v1/submitjob", request, cancellationToken, idempotent: false);

    public Task<ListJobsResponse> ListJobsAsync(ListJobsRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<ListJobsRequest, ListJobsResponse>("ListJobs", "v1/listjobs", request, cancellationToken);

    public Task<DescribeJobsResponse> DescribeJobsAsync(DescribeJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Jobs.Count is 0 or > DescribeJobsRequest.MaxJobs)
            throw new ArgumentException($"DescribeJobs takes 1 to {DescribeJobsRequest.MaxJobs} job ids, not {request.Jobs.Count}; use AwsBatchPaging.DescribeAllJobsAsync for more.", nameof(request));
        return CallAsync<DescribeJobsRequest, DescribeJobsResponse>("DescribeJobs", "v1/describejobs", request, cancellationToken);
    }

    public Task TerminateJobAsync(TerminateJobRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<TerminateJobRequest, JsonElement>("TerminateJob", "v1/terminatejob", request, cancellationToken);

    /// <summary>
    /// CloudWatch Logs' GetLogEvents (JSON 1.1, signed for the <c>logs</c> service, at
    /// <see cref="AwsBatchConnection.LogsEndpoint"/>): where AWS Batch's awslogs driver puts a container's output.
    /// </summary>
    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<GetLogEventsRequest, GetLogEventsResponse>("GetLogEvents", "", request, cancellationToken,
            target: new JsonTarget(_connection.LogsEndpoint, "logs", "Logs_20140328.GetLogEvents"));

    public void Dispose() => _http.Dispose();

    /// <summary>A JSON 1.1 service call: its endpoint, signing name and <c>X-Amz-Target</c>.</summary>
    private sealed record JsonTarget(Uri Endpoint, string Service, string Target);

    private async Task<TResponse> CallAsync<TRequest, TResponse>(string operation, string path, TRequest request, CancellationToken cancellationToken,
        bool idempotent = true, JsonTarget? target = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsBatchJson.Options);
        var uri = target?.Endpoint ?? new Uri(_connection.Endpoint, path);
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var credentials = await _connection.CredentialsAsync().ConfigureAwait(false);
            string failure;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_requestTimeout);
                try
                {
                    using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
                    message.Content.Headers.ContentType = target is null ? Json : Json11;
                    if (target is null)
                        AwsSigV4.Sign(message, body, credentials, _connection.Region, DateTime.UtcNow);
                    else
                        AwsSigV4.Sign(message, body, credentials, _connection.Region, DateTime.UtcNow, target.Service,
                            new Dictionary<string, string> { ["x-amz-target"] = target.Target });
                    using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                    var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                        return Read<TResponse>(operation, text, status);
                    var (code, awsMessage) = AwsBatchError.Parse(response.Headers, text);
                    if (!AwsBatchRetryPolicy.IsRetryable(status, code))
                        throw Refused(operation, status, code, awsMessage);
                    failure = $"{code ?? "HTTP " + status.ToString(CultureInfo.InvariantCulture)}: {awsMessage ?? response.ReasonPhrase}";
                    if (!idempotent && !AwsBatchRetryPolicy.IsThrottling(status, code))
                        throw Unknown(operation, failure, status, code, null);
                    if (!MayRetry(attempt, started))
                        throw GaveUp(operation, attempt, started, failure, status, code, null);
                }
                catch (HttpRequestException e)
                {
                    failure = $"connection failed: {e.Message}";
                    if (!idempotent)
                        throw Unknown(operation, failure, null, null, e);
                    if (!MayRetry(attempt, started))
                        throw GaveUp(operation, attempt, started, failure, null, null, e);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"no answer within {_requestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
                    if (!idempotent)
                        throw Unknown(operation, failure, null, null, e);
                    if (!MayRetry(attempt, started))
                        throw GaveUp(operation, attempt, started, failure, null, null, e);
                }
            }
            await Task.Delay(_retry.Delay(attempt, Random.Shared), cancellationToken).ConfigureAwait(false);
        }
    }

    private bool MayRetry(int attempt, long started) =>
        attempt < _retry.MaxAttempts && Stopwatch.GetElapsedTime(started) < _retry.MaxElapsed;

    private static TResponse Read<TResponse>(string operation, string text, int status)
    {
        try
        {
            return JsonSerializer.Deserialize<TResponse>(string.IsNullOrWhiteSpace(text) ? "{}" : text, AwsBatchJson.Options)
                ?? throw new JsonException("the answer is null");
        }
        catch (JsonException e)
        {
            throw new AwsBatchException($"AWS Batch answered {operation} (HTTP {status}) with JSON this client cannot read: {e.Message}", operation, null, status, e);
        }
    }

    private AwsBatchException Refused(string operation, int status, string? code, string? message)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"AWS Batch refused {operation} in {_connection.Region} ({code ?? "no error code"}, HTTP {status}): ")
            .Append(message ?? "no message")
            .Append(message is not null && message.EndsWith('.') ? " " : ". ")
            .Append(AwsBatchHints.For(operation, status, code))
            .ToString();
        return new AwsBatchException(text, operation, code, status);
    }

    private AwsBatchException Unknown(string operation, string failure, int? status, string? code, Exception? inner) =>
        new($"AWS Batch {operation} at {_connection.Endpoint} may or may not have been carried out ({failure}); it is not sent again blindly.",
            operation, code, status, inner) { MayHaveBeenApplied = true };

    private AwsBatchException GaveUp(string operation, int attempts, long started, string failure, int? status, string? code, Exception? inner) =>
        new(string.Create(CultureInfo.InvariantCulture,
                $"AWS Batch {operation} at {_connection.Endpoint} still failed after {attempts} attempt(s) over {Stopwatch.GetElapsedTime(started).TotalSeconds:0.#} s; " +
                $"the last: {failure}. Throttling and server errors are retried with backoff; check the service health and your API rate, then try again."),
            operation, code, status, inner);
}
