using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>
/// The Batch v1 REST API over <see cref="HttpClient"/> with a bearer token from Google.Apis.Auth (the given credential,
/// else Application Default Credentials), only the methods the backend uses (Google.Cloud.Batch.V1 is not available
/// everywhere; an adapter over it can replace this class behind <see cref="IGoogleBatchClient"/>). Throttling, 5xx and
/// dropped connections are retried as <see cref="GoogleBatchRetryPolicy"/> says; everything else fails at once with a
/// <see cref="GoogleBatchException"/>.
/// </summary>
public sealed class GoogleBatchHttpClient : IGoogleBatchClient, IDisposable
{
    internal const string CredentialsMethod = "credentials";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly Uri _endpoint;
    private readonly Uri _loggingEndpoint;
    private readonly GoogleBatchRetryPolicy _retry;
    private readonly TimeSpan _requestTimeout;
    private readonly HttpClient _http;
    private readonly Lazy<Task<ITokenAccess>> _token;

    public GoogleBatchHttpClient(GoogleBatchClientOptions? options = null)
    {
        options ??= new GoogleBatchClientOptions();
        options.Retry.Validate();
        _endpoint = new Uri(options.Endpoint.ToString().TrimEnd('/') + "/");
        _loggingEndpoint = new Uri(options.LoggingEndpoint.ToString().TrimEnd('/') + "/");
        _retry = options.Retry;
        _requestTimeout = options.RequestTimeout;
        // The per-call timeout is applied per attempt below, so HttpClient's own one is off.
        _http = options.HttpHandler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
            : new HttpClient(options.HttpHandler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
        var given = options.Credential;
        _token = new Lazy<Task<ITokenAccess>>(() => ScopedAsync(given));
    }

    /// <summary>The service root requests go to.</summary>
    public Uri Endpoint => _endpoint;

    public async Task<Job> CreateJobAsync(string parent, string jobId, Job job, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parent);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(job);
        const string method = "jobs.create";
        var answer = await SendAsync(method, HttpMethod.Post, $"v1/{parent}/jobs?jobId={Uri.EscapeDataString(jobId)}", job, cancellationToken).ConfigureAwait(false);
        // An earlier attempt may have created the job before its answer was lost: the id makes the create idempotent.
        if (answer.Status == 409 && answer.Attempts > 1)
            return await GetJobAsync($"{parent}/jobs/{jobId}", cancellationToken).ConfigureAwait(false);
        return Read<Job>(method, answer);
    }

    public async Task<Job> GetJobAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        const string method = "jobs.get";
        return Read<Job>(method, await SendAsync(method, HttpMethod.Get, $"v1/{name}", null, cancellationToken).ConfigureAwait(false));
    }

    public async Task<ListJobsResponse> ListJobsAsync(string parent, string? filter = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parent);
        const string method = "jobs.list";
        var path = $"v1/{parent}/jobs" + Query(("filter", filter), ("pageSize", pageSize?.ToString(CultureInfo.InvariantCulture)), ("pageToken", pageToken));
        return Read<ListJobsResponse>(method, await SendAsync(method, HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false));
    }

    public async Task<Operation> DeleteJobAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        const string method = "jobs.delete";
        var answer = await SendAsync(method, HttpMethod.Delete, $"v1/{name}", null, cancellationToken).ConfigureAwait(false);
        // An earlier attempt deleted it before its answer was lost.
        if (answer.Status == 404 && answer.Attempts > 1)
            return new Operation { Done = true };
        return Read<Operation>(method, answer);
    }

    public async Task<ListTasksResponse> ListTasksAsync(string taskGroup, string? filter = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskGroup);
        const string method = "tasks.list";
        var path = $"v1/{taskGroup}/tasks" + Query(("filter", filter), ("pageSize", pageSize?.ToString(CultureInfo.InvariantCulture)), ("pageToken", pageToken));
        return Read<ListTasksResponse>(method, await SendAsync(method, HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Cloud Logging's entries.list (a POST to the logging endpoint): one page of the entries a filter matches.</summary>
    public async Task<ListLogEntriesResponse> ListLogEntriesAsync(ListLogEntriesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string method = "entries.list";
        // An absolute URI: SendAsync resolves it against the Batch root, which leaves it as it is.
        var answer = await SendAsync(method, HttpMethod.Post, new Uri(_loggingEndpoint, "v2/entries:list").AbsoluteUri, request, cancellationToken).ConfigureAwait(false);
        return Read<ListLogEntriesResponse>(method, answer);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The final answer (a success, or an error not worth retrying) and how many calls it took.</summary>
    private async Task<Answer> SendAsync(string method, HttpMethod httpMethod, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        var content = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), GoogleBatchJson.Options);
        var uri = new Uri(_endpoint, pathAndQuery);
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = await TokenAsync(uri, cancellationToken).ConfigureAwait(false);
            string failure;
            int? lastStatus = null;
            string? lastCanonical = null;
            Exception? inner = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_requestTimeout);
                try
                {
                    using var request = new HttpRequestMessage(httpMethod, uri);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    if (content is not null)
                    {
                        request.Content = new ByteArrayContent(content);
                        request.Content.Headers.ContentType = JsonType;
                    }
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                    var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (!GoogleBatchRetryPolicy.IsRetryable(status))
                        return new Answer(status, text, attempt);
                    var (canonical, message) = GoogleBatchError.Parse(text);
                    lastStatus = status;
                    lastCanonical = canonical;
                    failure = $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {canonical ?? response.ReasonPhrase}: {message ?? "no message"}";
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    failure = $"the connection failed: {e.Message}";
                    inner = e;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"no answer within {_requestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
                    inner = e;
                }
            }
            if (attempt >= _retry.MaxAttempts || Stopwatch.GetElapsedTime(started) >= _retry.MaxElapsed)
            {
                throw new GoogleBatchException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Google Batch {method} at {_endpoint} still failed after {attempt} attempt(s) over {Stopwatch.GetElapsedTime(started).TotalSeconds:0.#} s; the last: {failure}. ") +
                    "Throttling, server errors and dropped connections are retried with backoff; check the service's health and your quota, then try again.",
                    method, lastStatus, lastCanonical, inner);
            }
            await Task.Delay(_retry.Delay(attempt, Random.Shared), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> TokenAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            var credential = await _token.Value.ConfigureAwait(false);
            return await credential.GetAccessTokenForRequestAsync(uri.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException
            or Google.Apis.Auth.OAuth2.Responses.TokenResponseException or Google.GoogleApiException)
        {
            throw new GoogleBatchException(
                $"No Google access token could be had for the Batch API: {e.Message} Set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, " +
                "run 'gcloud auth application-default login', or run where the metadata server provides credentials.",
                CredentialsMethod, innerException: e);
        }
    }

    private static async Task<ITokenAccess> ScopedAsync(GoogleCredential? given)
    {
        var credential = given ?? await GoogleCredential.GetApplicationDefaultAsync().ConfigureAwait(false);
        return credential.CreateScoped(GoogleBatchClientOptions.Scope);
    }

    private T Read<T>(string method, Answer answer)
    {
        if (answer.Status is < 200 or >= 300)
        {
            var (canonical, message) = GoogleBatchError.Parse(answer.Body);
            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"Google Batch refused {method} (HTTP {answer.Status}{(canonical is null ? "" : " " + canonical)}): ")
                .Append(message ?? "no message");
            var hint = GoogleBatchError.Hint(method, answer.Status);
            if (hint.Length > 0)
                text.Append(message is not null && message.EndsWith('.') ? " " : ". ").Append(hint);
            throw new GoogleBatchException(text.ToString(), method, answer.Status, canonical);
        }
        try
        {
            return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(answer.Body) ? "{}" : answer.Body, GoogleBatchJson.Options)
                ?? throw new JsonException("the answer is null");
        }
        catch (JsonException e)
        {
            throw new GoogleBatchException($"Google Batch answered {method} (HTTP {answer.Status}) with JSON this client cannot read: {e.Message}", method, answer.Status, null, e);
        }
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return present.Length == 0 ? "" : "?" + string.Join('&', present);
    }

    private readonly record struct Answer(int Status, string Body, int Attempts);
}
