using System.Text.Json;
using Experiments.CloudEmulators.Contracts;
using static Experiments.CloudEmulators.Tests.Contracts.ExampleFiles;

namespace Experiments.CloudEmulators.Tests.Contracts;

public sealed class SwaggerContractTests
{
    private static readonly SwaggerContract Azure = SwaggerContract.AzureBatch;
    private static readonly IReadOnlyDictionary<string, string> ApiVersion = Query(("api-version", "2024-02-01.19.0"));

    [Theory]
    [InlineData("JobAdd_Basic", "job")]
    [InlineData("JobAdd_Complex", "job")]
    public void Official_job_add_examples_are_valid(string example, string bodyParameter)
    {
        var parameters = AzureExample(example);

        Assert.Empty(Azure.Validate("POST", "/jobs", ApiVersion, HeadersOf(parameters), parameters.GetProperty(bodyParameter)));
    }

    [Theory]
    [InlineData("TaskAddCollection_Basic")]
    [InlineData("TaskAddCollection_Complex")]
    public void Official_task_collection_examples_are_valid(string example)
    {
        var parameters = AzureExample(example);
        var path = $"/jobs/{parameters.GetProperty("jobId").GetString()}/addtaskcollection";

        Assert.Empty(Azure.Validate("POST", path, ApiVersion, HeadersOf(parameters), parameters.GetProperty("taskCollection")));
    }

    [Fact]
    public void Requests_are_recognised_with_their_path_values()
    {
        var match = Azure.FindOperation("POST", "/jobs/sweep-1/addtaskcollection");

        Assert.Equal(new OperationMatch("Task_AddCollection", new Dictionary<string, string> { ["jobId"] = "sweep-1" }).Id, match!.Id);
        Assert.Equal("sweep-1", match.PathValues["jobId"]);
        Assert.Equal("Job_Get", Azure.FindOperation("GET", "/jobs/j")!.Id);
        Assert.Equal("Job_Patch", Azure.FindOperation("PATCH", "/jobs/j")!.Id);
        Assert.Equal("Job_GetTaskCounts", Azure.FindOperation("GET", "/jobs/j/taskcounts")!.Id);
        Assert.Null(Azure.FindOperation("PUT", "/jobs/j/addtaskcollection"));
    }

    [Fact]
    public void Api_version_is_required_and_must_be_the_definitions()
    {
        var missing = Azure.Validate("GET", "/jobs/j", Query(), NoHeaders, null);
        var wrong = Azure.Validate("GET", "/jobs/j", Query(("api-version", "2023-05-01.17.0")), NoHeaders, null);

        Assert.Equal("query.api-version", Assert.Single(missing).Path);
        Assert.Contains("2024-02-01.19.0", Assert.Single(wrong).Problem);
    }

    [Fact]
    public void Broken_task_collection_gives_a_violation_at_each_broken_path()
    {
        var body = Json("""
            {"value":[
              {"id":"t0","commandLine":"/bin/true","constraints":{"maxTaskRetryCount":"2"}},
              {"commandLine":"/bin/true","userIdentity":{"autoUser":{"scope":"galaxy"}}},
              {"id":"t2","commandLine":"/bin/true","colour":"red","constraints":{"maxWallClockTime":"an hour"}},
              {"id":"t3","commandLine":"/bin/true","state":"active"}
            ]}
            """);

        var violations = Azure.Validate("POST", "/jobs/j/addtaskcollection", ApiVersion, NoHeaders, body);

        Assert.Equal(
            ["$.value[0].constraints.maxTaskRetryCount", "$.value[1].id", "$.value[1].userIdentity.autoUser.scope",
             "$.value[2].colour", "$.value[2].constraints.maxWallClockTime", "$.value[3].state"],
            violations.Select(v => v.Path).Order(StringComparer.Ordinal));
        Assert.Contains("task, pool", violations.Single(v => v.Path.EndsWith("scope", StringComparison.Ordinal)).Problem);
        Assert.Contains("ISO 8601 duration", violations.Single(v => v.Path.EndsWith("maxWallClockTime", StringComparison.Ordinal)).Problem);
    }

    [Fact]
    public void Read_only_properties_must_not_be_sent()
    {
        var body = Json("""
            {"id":"j","poolInfo":{"autoPoolSpecification":{"poolLifetimeOption":"job","pool":{"vmSize":"standard_d2s_v3",
              "virtualMachineConfiguration":{"nodeAgentSKUId":"batch.node.ubuntu 22.04",
                "imageReference":{"publisher":"canonical","offer":"0001-com-ubuntu-server-jammy","sku":"22_04-lts","exactVersion":"1.0.0"}}}}}}
            """);

        var violation = Assert.Single(Azure.Validate("POST", "/jobs", ApiVersion, NoHeaders, body));

        Assert.Equal("$.poolInfo.autoPoolSpecification.pool.virtualMachineConfiguration.imageReference.exactVersion", violation.Path);
        Assert.Contains("read-only", violation.Problem);
    }

    [Fact]
    public void More_than_100_tasks_break_max_items()
    {
        var tasks = Enumerable.Range(0, 101).Select(i => new { id = $"t{i}", commandLine = "/bin/true" });
        var body = JsonSerializer.SerializeToElement(new { value = tasks });

        var violation = Assert.Single(Azure.Validate("POST", "/jobs/j/addtaskcollection", ApiVersion, NoHeaders, body));

        Assert.Equal("$.value", violation.Path);
        Assert.Contains("at most 100", violation.Problem);
    }

    [Fact]
    public void Query_and_header_parameters_are_checked()
    {
        var query = Query(("api-version", "2024-02-01.19.0"), ("maxresults", "many"), ("$top", "5"));
        var headers = new Dictionary<string, string> { ["client-request-id"] = "not-a-guid" };

        var violations = Azure.Validate("GET", "/jobs/j/tasks", query, headers, null);

        Assert.Equal(["header.client-request-id", "query.$top", "query.maxresults"], violations.Select(v => v.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_paths_and_methods_name_what_is_valid()
    {
        Assert.Contains("no operation", Assert.Single(Azure.Validate("GET", "/nothing", ApiVersion, NoHeaders, null)).Problem);
        Assert.Contains("POST", Assert.Single(Azure.Validate("GET", "/jobs/j/addtaskcollection", ApiVersion, NoHeaders, null)).Problem);
    }

    private static Dictionary<string, string> HeadersOf(JsonElement parameters) =>
        new[] { "client-request-id", "ocp-date" }
            .Where(h => parameters.TryGetProperty(h, out _))
            .ToDictionary(h => h, h => parameters.GetProperty(h).GetString()!);

    [Fact]
    public void Responses_may_carry_read_only_properties_but_must_match_their_schema()
    {
        var pool = Json("""{"id":"p","virtualMachineConfiguration":{"nodeAgentSKUId":"n","imageReference":{"exactVersion":"1.0.0"}}}""");
        var taskResult = Json("""{"value":[{"status":"clientError","taskId":"t"}]}""");

        Assert.Empty(Azure.ValidateResponse("GET", "/pools/p", 200, pool));
        Assert.Equal("$.value[0].status", Assert.Single(Azure.ValidateResponse("POST", "/jobs/j/addtaskcollection", 200, taskResult)).Path);
        Assert.Empty(Azure.ValidateResponse("GET", "/jobs/j", 404, Json("""{"code":"JobNotFound","message":{"lang":"en-US","value":"gone"}}""")));
    }
}
