using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Experiments.Backends.AzureBatch.Client;

/// <summary>
/// Azure Batch's REST API (api-version <see cref="ApiVersion"/>) on Azure.Core's <see cref="HttpPipeline"/>: retries with
/// exponential back-off and jitter honouring <c>Retry-After</c> (429, 408, 5xx, dropped connections), Shared Key or
/// Entra ID bearer authorization (<see cref="AzureBatchCredentials"/>), <c>client-request-id</c> and <c>ocp-date</c> on
/// every request. Only the operations the backend uses; <c>Azure.Compute.Batch</c> can replace it behind
/// <see cref="IAzureBatchClient"/>.
/// </summary>
public sealed class AzureBatchHttpClient : IAzureBatchClient
{
    public const string ApiVersion = "2024-02-01.19.0";

    private const string JsonContentType = "application/json; odata=minimalmetadata";

    private readonly HttpPipeline _pipeline;

    public AzureBatchHttpClient(Uri endpoint, AzureBatchClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new AzureBatchClientOptions();
        Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        var pipelineOptions = new BatchPipelineOptions();
        pipelineOptions.Retry.Mode = RetryMode.Exponential;
        pipelineOptions.Retry.MaxRetries = options.MaxRetries;
        pipelineOptions.Retry.Delay = options.RetryDelay;
        pipelineOptions.Retry.MaxDelay = options.MaxRetryDelay;
        pipelineOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        if (options.HttpHandler is { } handler)
            pipelineOptions.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
        _pipeline = HttpPipelineBuilder.Build(pipelineOptions, [], [new BatchRequestHeadersPolicy(), AzureBatchCredentials.For(Endpoint, options)], new ResponseClassifier());
    }

    public Uri Endpoint { get; }

    public async Task AddJobAsync(JobAddParameter job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var message = await SendAsync("Job_Add", RequestMethod.Post, "jobs", null, job, cancellationToken).ConfigureAwait(false);
        Expect(message, "Job_Add", 201);
    }

    public async Task<CloudJob?> GetJobAsync(string jobId, string? select = null, CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync("Job_Get", RequestMethod.Get, $"jobs/{Escape(jobId)}", Query(("$select", select)), null, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 404)
            return null;
        Expect(message, "Job_Get", 200);
        return Read<CloudJob>(message, "Job_Get");
    }

    public async Task PatchJobAsync(string jobId, JobPatchParameter patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        using var message = await SendAsync("Job_Patch", RequestMethod.Patch, $"jobs/{Escape(jobId)}", null, patch, cancellationToken).ConfigureAwait(false);
        Expect(message, "Job_Patch", 200);
    }

    public async Task TerminateJobAsync(string jobId, string? reason = null, CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync("Job_Terminate", RequestMethod.Post, $"jobs/{Escape(jobId)}/terminate", null,
            new JobTerminateParameter(reason), cancellationToken).ConfigureAwait(false);
        Expect(message, "Job_Terminate", 202);
    }

    public async Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync("Job_Delete", RequestMethod.Delete, $"jobs/{Escape(jobId)}", null, null, cancellationToken).ConfigureAwait(false);
        Expect(message, "Job_Delete", 202);
    }

    public async Task<TaskAddCollectionResult> AddTaskCollectionAsync(string jobId, IReadOnlyList<TaskAddParameter> tasks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count is 0 or > TaskAddCollectionParameter.MaxTasks)
            throw new ArgumentException($"Task_AddCollection takes 1 to {TaskAddCollectionParameter.MaxTasks} tasks, not {tasks.Count}; see TaskCollectionChunker.", nameof(tasks));
        using var message = await SendAsync("Task_AddCollection", RequestMethod.Post, $"jobs/{Escape(jobId)}/addtaskcollection", null,
            new TaskAddCollectionParameter(tasks), cancellationToken).ConfigureAwait(false);
        Expect(message, "Task_AddCollection", 200);
        return Read<TaskAddCollectionResult>(message, "Task_AddCollection");
    }

    public async Task<IReadOnlyList<CloudTask>> ListTasksAsync(string jobId, TaskListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TaskListOptions();
        var tasks = new List<CloudTask>();
        var query = Query(("$filter", options.Filter), ("$select", options.Select),
            ("maxresults", options.MaxResults?.ToString(CultureInfo.InvariantCulture)));
        Uri? next = null;
        do
        {
            using var message = next is null
                ? await SendAsync("Task_List", RequestMethod.Get, $"jobs/{Escape(jobId)}/tasks", query, null, cancellationToken).ConfigureAwait(false)
                : await SendAsync("Task_List", RequestMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
            Expect(message, "Task_List", 200);
            var page = Read<CloudTaskListResult>(message, "Task_List");
            tasks.AddRange(page.Value ?? []);
            next = string.IsNullOrEmpty(page.NextLink) ? null : NextPage(page.NextLink);
        }
        while (next is not null && (options.Limit is not { } limit || tasks.Count < limit));
        return options.Limit is { } most && tasks.Count > most ? tasks.GetRange(0, most) : tasks;
    }

    public async Task<CloudTask?> GetTaskAsync(string jobId, string taskId, string? select = null, CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync("Task_Get", RequestMethod.Get, $"jobs/{Escape(jobId)}/tasks/{Escape(taskId)}", Query(("$select", select)), null, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 404)
            return null;
        Expect(message, "Task_Get", 200);
        return Read<CloudTask>(message, "Task_Get");
    }

    public async Task<TaskCounts> GetTaskCountsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync("Job_GetTaskCounts", RequestMethod.Get, $"jobs/{Escape(jobId)}/taskcounts", null, null, cancellationToken).ConfigureAwait(false);
        Expect(message, "Job_GetTaskCounts", 200);
        return Read<TaskCountsResult>(message, "Job_GetTaskCounts").TaskCounts;
    }

    /// <summary>A body's serialized size, as <see cref="AddTaskCollectionAsync"/> would send it.</summary>
    public async Task<string?> GetTaskFileAsync(string jobId, string taskId, string filePath, CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync("File_GetFromTask", RequestMethod.Get, $"jobs/{Escape(jobId)}/tasks/{Escape(taskId)}/files/{Escape(filePath)}",
            null, null, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 404)
            return null;
        Expect(message, "File_GetFromTask", 200);
        // Task output is whatever the process printed; invalid UTF-8 becomes U+FFFD rather than failing the read.
        return Encoding.UTF8.GetString(message.Response.Content.ToMemory().Span);
    }

    public static int SerializedSize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, AzureBatchJson.Options).Length;

    private Task<HttpMessage> SendAsync(string operation, RequestMethod method, string path, string? query, object? body, CancellationToken cancellationToken) =>
        SendAsync(operation, method, new Uri(Endpoint, path + "?" + (query is null ? "" : query + "&") + "api-version=" + ApiVersion), body, cancellationToken);

    private async Task<HttpMessage> SendAsync(string operation, RequestMethod method, Uri uri, object? body, CancellationToken cancellationToken)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", JsonContentType);
            request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), AzureBatchJson.Options));
        }
        message.BufferResponse = true;
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message;
        }
        // Azure.Core's retry policy ends in AggregateException("Retry failed after N tries") when every try failed
        // without an answer (dropped connections, timeouts): that is "unreachable" too, never an unexpected error.
        catch (Exception e) when (e is RequestFailedException or AggregateException or AuthenticationFailedException or CredentialUnavailableException or InvalidOperationException)
        {
            message.Dispose();
            throw Unreachable(operation, e);
        }
    }

    /// <summary>Batch's next link repeats the query; the api-version is made sure of, as the contract requires it.</summary>
    private Uri NextPage(string link)
    {
        var uri = new Uri(Endpoint, link);
        return uri.Query.Contains("api-version=", StringComparison.Ordinal)
            ? uri
            : new UriBuilder(uri) { Query = uri.Query.TrimStart('?') + (uri.Query.Length > 1 ? "&" : "") + "api-version=" + ApiVersion }.Uri;
    }

    private void Expect(HttpMessage message, string operation, int status)
    {
        var response = message.Response;
        if (response.Status == status)
            return;
        var error = ReadError(response);
        throw new AzureBatchException(Describe(operation, response.Status, error), operation, error?.Code, response.Status);
    }

    private string Describe(string operation, int status, BatchError? error)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Azure Batch at {Endpoint} refused {operation} (HTTP {status}")
            .Append(error?.Code is { } code ? ", " + code : "").Append(')')
            .Append(error?.Message?.Value is { } said ? ": " + said.Split('\n')[0].Trim() : ".");
        var hint = (status, error?.Code) switch
        {
            (401 or 403, _) or (_, "AuthenticationFailed") =>
                $" Check {AzureBatchCredentials.KeyVariable} (the account's key) or the Entra ID identity in use: it needs a role on the Batch account such as Azure Batch Account Contributor.",
            (_, "PoolNotFound") => " Check azure-batch.poolId names a pool of this account.",
            (429, _) or (>= 500, _) => " The service kept refusing after the retries; check its health and try again.",
            _ => "",
        };
        return text.Append(hint).ToString();
    }

    private AzureBatchException Unreachable(string operation, Exception e)
    {
        var cause = e switch
        {
            AuthenticationFailedException or CredentialUnavailableException =>
                $"no Entra ID token for Batch ({e.Message.Split('\n')[0].Trim()}); sign in (az login), run with a managed identity, or set {AzureBatchCredentials.KeyVariable}",
            InvalidOperationException when e.Message.Contains("TLS", StringComparison.OrdinalIgnoreCase) =>
                $"Entra ID tokens are only sent over https; use the account's https URL, or set {AzureBatchCredentials.KeyVariable} for a local emulator",
            AggregateException { InnerExceptions.Count: > 0 } tries =>
                $"no answer after {tries.InnerExceptions.Count} tries ({tries.InnerExceptions[^1].Message.Split('\n')[0].Trim()})",
            _ => $"no answer after the retries ({e.Message.Split('\n')[0].Trim()})",
        };
        return new AzureBatchException($"Azure Batch {operation} at {Endpoint} failed: {cause}.", operation, null, (e as RequestFailedException)?.Status is > 0 and var s ? s : null, e);
    }

    private static BatchError? ReadError(Response response)
    {
        try
        {
            var text = response.Content?.ToString();
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<BatchError>(text, AzureBatchJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static T Read<T>(HttpMessage message, string operation)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(message.Response.Content.ToMemory().Span, AzureBatchJson.Options) ?? throw new JsonException("the answer is null");
        }
        catch (JsonException e)
        {
            throw new AzureBatchException($"Azure Batch answered {operation} with JSON this client cannot read: {e.Message}", operation, null, message.Response.Status, e);
        }
    }

    private static string? Query(params (string Name, string? Value)[] parameters)
    {
        var set = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToArray();
        return set.Length == 0 ? null : string.Join('&', set);
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);

    /// <summary>Azure.Core's pipeline options; retries set from <see cref="AzureBatchClientOptions"/>.</summary>
    private sealed class BatchPipelineOptions : ClientOptions
    {
    }
}
