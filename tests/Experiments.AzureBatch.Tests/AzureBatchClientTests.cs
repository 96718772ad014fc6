using System.Diagnostics;
using System.Net;
using Azure.Core;
using Experiments.AzureBatch.Tests.Support;
using Experiments.Backends.AzureBatch.Client;

namespace Experiments.AzureBatch.Tests;

/// <summary>Every operation of the client against the emulator, which checks each request against the Swagger definition.</summary>
public sealed class AzureBatchClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_operation_the_backend_uses_matches_the_definition()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var client = batch.Client();
        var job = new JobAddParameter
        {
            Id = "job-ops",
            PoolInfo = new PoolInformation { PoolId = BatchEmulator.PoolId },
            CommonEnvironmentSettings = [new EnvironmentSetting("EXPERIMENTS_PLAN", "https://a.blob.core.windows.net/c/runs/r/plan.json")],
            Constraints = new JobConstraints { MaxTaskRetryCount = 1 },
            OnAllTasksComplete = "noaction",
            UsesTaskDependencies = false,
        };

        await client.AddJobAsync(job, Ct);
        var added = await client.AddTaskCollectionAsync("job-ops", [Task(0), Task(1), Task(2)], Ct);
        await client.PatchJobAsync("job-ops", new JobPatchParameter { OnAllTasksComplete = "terminatejob" }, Ct);
        await batch.WaitForJobAsync(client, "job-ops");
        var counts = await client.GetTaskCountsAsync("job-ops", Ct);
        var listed = await client.ListTasksAsync("job-ops", new TaskListOptions { Filter = "state eq 'completed'", Select = "id,state,executionInfo" }, Ct);
        var one = await client.GetTaskAsync("job-ops", "1", "id,state", Ct);
        var gotJob = await client.GetJobAsync("job-ops", cancellationToken: Ct);
        await client.DeleteJobAsync("job-ops", Ct);

        batch.AssertNoViolations();
        Assert.All(added.Value!, r => Assert.Equal("success", r.Status));
        Assert.Equal(new TaskCounts(0, 0, 3, 3, 0), counts);
        Assert.Equal(["0", "1", "2"], listed.Select(t => t.Id).Order());
        Assert.All(listed, t => Assert.Equal(("completed", "success", 0), (t.State, t.ExecutionInfo!.Result, t.ExecutionInfo.ExitCode)));
        Assert.Equal("completed", one!.State);
        Assert.Equal(("completed", BatchEmulator.PoolId), (gotJob!.State, gotJob.ExecutionInfo!.PoolId));
        Assert.Null(await client.GetJobAsync("job-ops", cancellationToken: Ct));
        Assert.Empty(batch.Emulator.JobIds);
        // The task's environment is the job's plus its own.
        Assert.All(batch.Attempts, a => Assert.Equal("https://a.blob.core.windows.net/c/runs/r/plan.json", a.Environment["EXPERIMENTS_PLAN"]));
    }

    [Fact]
    public async Task Task_list_follows_next_links_and_stops_at_a_limit()
    {
        await using var batch = await BatchEmulator.StartAsync(addPool: false);
        var client = batch.Client();
        await client.AddJobAsync(new JobAddParameter { Id = "job-pages", PoolInfo = new PoolInformation { PoolId = "not-yet" } }, Ct);
        await client.AddTaskCollectionAsync("job-pages", Enumerable.Range(0, 25).Select(Task).ToArray(), Ct);

        var all = await client.ListTasksAsync("job-pages", new TaskListOptions { Select = "id", MaxResults = 10 }, Ct);
        var limited = await client.ListTasksAsync("job-pages", new TaskListOptions { Filter = "state eq 'active'", MaxResults = 10, Limit = 12 }, Ct);

        batch.AssertNoViolations();
        Assert.Equal(25, all.Select(t => t.Id).Distinct().Count());
        Assert.Equal(12, limited.Count);
        Assert.Equal(3 + 2, batch.Calls("Task_List"));
    }

    [Fact]
    public async Task Throttling_is_retried_after_the_interval_in_Retry_After()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var client = batch.Client();
        batch.Emulator.Faults.ThrottleNext(2, TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        await client.AddJobAsync(new JobAddParameter { Id = "job-throttled", PoolInfo = new PoolInformation { PoolId = BatchEmulator.PoolId } }, Ct);

        // Two waits of Retry-After: 1 s each, though the client's own back-off starts at 20 ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal([429, 429, 201], batch.Emulator.Requests.Select(r => r.Status));
        batch.AssertNoViolations();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Server_errors_are_retried(int status)
    {
        await using var batch = await BatchEmulator.StartAsync();
        var client = batch.Client();
        batch.Emulator.Faults.FailNext(3, status);

        var counts = await client.GetTaskCountsAsync(await NewJobAsync(client, "job-5xx"), Ct);

        Assert.Equal(new TaskCounts(0, 0, 0, 0, 0), counts);
        Assert.Equal(3, batch.Emulator.Requests.Count(r => r.Status == status));
    }

    [Fact]
    public async Task Server_errors_past_the_retries_fail_with_what_to_check()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var client = batch.Client(maxRetries: 2);
        batch.Emulator.Faults.FailNext(5, 503);

        var error = await Assert.ThrowsAsync<AzureBatchException>(() => client.GetTaskCountsAsync("job-any", Ct));

        Assert.Equal((503, "ServiceUnavailable", "Job_GetTaskCounts"), (error.StatusCode, error.ErrorCode, error.Operation));
        Assert.True(error.IsUnavailable);
        Assert.Contains("kept refusing after the retries", error.Message);
    }

    [Fact]
    public async Task A_refusal_carries_Batchs_code_and_message()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var client = batch.Client();
        await NewJobAsync(client, "job-twice");

        var error = await Assert.ThrowsAsync<AzureBatchException>(() => NewJobAsync(client, "job-twice"));

        Assert.Equal((409, "JobExists"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("The specified job already exists: job-twice", error.Message);
        Assert.False(error.IsUnavailable);
    }

    [Fact]
    public async Task Shared_Key_signs_ocp_date_and_the_canonical_resource_with_the_account_key()
    {
        var capture = new CapturingHandler();
        var client = new AzureBatchHttpClient(new Uri("https://myaccount.westeurope.batch.azure.com"), BatchEmulator.ClientOptions() with
        {
            Environment = name => name == "AZURE_BATCH_ACCOUNT_KEY" ? BatchEmulator.AccountKey : null,
            HttpHandler = capture,
        });

        await client.GetTaskCountsAsync("job-1", Ct);

        var request = Assert.Single(capture.Requests);
        Assert.StartsWith("SharedKey myaccount:", request.Authorization);
        Assert.Equal("https://myaccount.westeurope.batch.azure.com/jobs/job-1/taskcounts?api-version=2024-02-01.19.0", request.Uri.ToString());
        Assert.True(Guid.TryParse(request.Headers["client-request-id"], out _));
        Assert.True(DateTimeOffset.TryParse(request.Headers["ocp-date"], out var date) && Math.Abs((DateTimeOffset.UtcNow - date).TotalMinutes) < 1);
        // The signature is HMAC-SHA256 of Batch's string to sign: recomputed here from the request as sent.
        var stringToSign = $"GET\n\n\n\n\n\n\n\n\n\n\n\nocp-date:{request.Headers["ocp-date"]}\n/myaccount/jobs/job-1/taskcounts\napi-version:2024-02-01.19.0";
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(BatchEmulator.AccountKey), System.Text.Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal($"SharedKey myaccount:{expected}", request.Authorization);
    }

    [Fact]
    public async Task Without_an_account_key_an_Entra_ID_token_for_Batch_is_sent()
    {
        var capture = new CapturingHandler();
        var credential = new StaticCredential();
        var client = new AzureBatchHttpClient(new Uri("https://myaccount.westeurope.batch.azure.com"), BatchEmulator.ClientOptions() with
        {
            Environment = _ => null,
            Credential = credential,
            HttpHandler = capture,
        });

        await client.GetTaskCountsAsync("job-1", Ct);

        Assert.Equal("Bearer token-for-batch", Assert.Single(capture.Requests).Authorization);
        Assert.Equal(["https://batch.core.windows.net//.default"], credential.Scopes);
    }

    [Fact]
    public async Task A_token_is_never_sent_over_plain_http()
    {
        var client = new AzureBatchHttpClient(new Uri("http://127.0.0.1:9/"), BatchEmulator.ClientOptions() with { Environment = _ => null, Credential = new StaticCredential() });

        var error = await Assert.ThrowsAsync<AzureBatchException>(() => client.GetTaskCountsAsync("job-1", Ct));

        Assert.Contains("only sent over https", error.Message);
        Assert.Contains("AZURE_BATCH_ACCOUNT_KEY", error.Message);
    }

    internal static TaskAddParameter Task(int i) => new()
    {
        Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CommandLine = "/bin/true",
        EnvironmentSettings = [new EnvironmentSetting("EXPERIMENTS_TASK_INDEX", i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
    };

    private static async Task<string> NewJobAsync(IAzureBatchClient client, string id)
    {
        await client.AddJobAsync(new JobAddParameter { Id = id, PoolInfo = new PoolInformation { PoolId = BatchEmulator.PoolId } }, Ct);
        return id;
    }

    private sealed class StaticCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("token-for-batch", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}

/// <summary>Answers every request with empty task counts after noting it; nothing leaves the process.</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    public List<(Uri Uri, string? Authorization, Dictionary<string, string> Headers, string? Body)> Requests { get; } = [];

    public Func<HttpRequestMessage, HttpResponseMessage>? Answer { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.RequestUri!, request.Headers.Authorization?.ToString(), headers, body));
        return Answer?.Invoke(request) ?? new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"taskCounts":{"active":0,"running":0,"completed":0,"succeeded":0,"failed":0},"taskSlotCounts":{"active":0,"running":0,"completed":0,"succeeded":0,"failed":0}}"""),
        };
    }
}
