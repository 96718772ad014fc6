using Experiments.CloudEmulators.Contracts;
using static Experiments.CloudEmulators.Tests.Contracts.ExampleFiles;

namespace Experiments.CloudEmulators.Tests.Contracts;

public sealed class DiscoveryContractTests
{
    private const string Jobs = "/v1/projects/p/locations/us-central1/jobs";
    private static readonly DiscoveryContract Batch = DiscoveryContract.GoogleBatch;
    private static readonly DiscoveryContract Storage = DiscoveryContract.GoogleStorage;

    private const string ValidJob = """
        {"taskGroups":[{"taskCount":"4","parallelism":"2","taskSpec":{
            "runnables":[{"container":{"imageUri":"registry/worker:1","commands":["--chunk","0"]},"environment":{"variables":{"A":"1"}}}],
            "maxRetryCount":2,"maxRunDuration":"3600s","computeResource":{"cpuMilli":"2000","memoryMib":"2048"}}}],
         "allocationPolicy":{"instances":[{"policy":{"machineType":"e2-standard-4","provisioningModel":"SPOT"}}]},
         "logsPolicy":{"destination":"CLOUD_LOGGING"},"labels":{"run":"r1"}}
        """;

    [Fact]
    public void A_job_with_a_container_task_group_is_valid()
    {
        Assert.Empty(Batch.Validate("POST", Jobs, Query(("jobId", "sweep-1")), Json(ValidJob)));
    }

    [Fact]
    public void Methods_are_found_by_flat_path_and_give_path_parameter_values()
    {
        var create = Batch.FindOperation("POST", Jobs)!;
        var get = Batch.FindOperation("GET", Jobs + "/j1")!;
        var tasks = Batch.FindOperation("GET", Jobs + "/j1/taskGroups/group0/tasks")!;

        Assert.Equal("batch.projects.locations.jobs.create", create.Id);
        Assert.Equal("projects/p/locations/us-central1", create.PathValues["parent"]);
        Assert.Equal("batch.projects.locations.jobs.get", get.Id);
        Assert.Equal("projects/p/locations/us-central1/jobs/j1", get.PathValues["name"]);
        Assert.Equal("batch.projects.locations.jobs.taskGroups.tasks.list", tasks.Id);
        Assert.Equal("batch.projects.locations.jobs.cancel", Batch.FindOperation("POST", Jobs + "/j1:cancel")!.Id);
    }

    [Fact]
    public void Int64_sent_as_a_number_and_int32_as_a_string_are_violations()
    {
        var body = Json("""{"taskGroups":[{"taskCount":4,"taskSpec":{"maxRetryCount":"2","runnables":[{"script":{"text":"true"}}]}}]}""");

        var violations = Batch.Validate("POST", Jobs, Query(), body);

        Assert.Equal(["$.taskGroups[0].taskCount", "$.taskGroups[0].taskSpec.maxRetryCount"], violations.Select(v => v.Path).Order(StringComparer.Ordinal));
        Assert.Contains("\"4\"", violations[0].Problem + violations[1].Problem);
    }

    [Fact]
    public void Unknown_fields_bad_enums_wrong_types_and_bad_durations_name_their_paths()
    {
        var body = Json("""
            {"taskGroups":[{"taskSpec":{"runnables":[{"container":{"imageUri":"i","commands":"run"},"colour":"red"}],"maxRunDuration":"1h"},
              "schedulingPolicy":"WHENEVER"}],"labels":{"a":1}}
            """);

        var violations = Batch.Validate("POST", Jobs, Query(), body);

        Assert.Equal(
            ["$.labels.a", "$.taskGroups[0].schedulingPolicy", "$.taskGroups[0].taskSpec.maxRunDuration",
             "$.taskGroups[0].taskSpec.runnables[0].colour", "$.taskGroups[0].taskSpec.runnables[0].container.commands"],
            violations.Select(v => v.Path).Order(StringComparer.Ordinal));
        Assert.Contains("AS_SOON_AS_POSSIBLE", violations.Single(v => v.Path.EndsWith("schedulingPolicy", StringComparison.Ordinal)).Problem);
    }

    [Fact]
    public void Path_patterns_and_query_parameters_are_checked()
    {
        var violations = Batch.Validate("GET", Jobs, Query(("pageSize", "ten"), ("colour", "red")), null);

        Assert.Equal(["query.colour", "query.pageSize"], violations.Select(v => v.Path).Order(StringComparer.Ordinal));
        Assert.Contains(Batch.Validate("POST", Jobs, Query(), null), v => v.Path == "$" && v.Problem.Contains("Job"));
    }

    [Fact]
    public void Storage_uploads_downloads_and_object_names_with_slashes_are_recognised()
    {
        var upload = Storage.FindOperation("POST", "/upload/storage/v1/b/bucket/o")!;
        var get = Storage.FindOperation("GET", "/storage/v1/b/bucket/o/runs%2Fr1%2Fresults.jsonl")!;
        var download = Storage.FindOperation("GET", "/download/storage/v1/b/bucket/o/a%2Fb")!;

        Assert.Equal("storage.objects.insert", upload.Id);
        Assert.Equal("storage.objects.get", get.Id);
        Assert.Equal("runs/r1/results.jsonl", get.PathValues["object"]);
        Assert.Equal("a/b", download.PathValues["object"]);
        Assert.Equal("storage.objects.list", Storage.FindOperation("GET", "/storage/v1/b/bucket/o")!.Id);
        Assert.Equal("storage.objects.delete", Storage.FindOperation("DELETE", "/storage/v1/b/bucket/o/x")!.Id);
    }

    [Fact]
    public void Storage_query_parameters_are_typed()
    {
        Assert.Empty(Storage.Validate("POST", "/upload/storage/v1/b/b/o", Query(("uploadType", "media"), ("name", "x"), ("ifGenerationMatch", "0")), null));
        Assert.Empty(Storage.Validate("GET", "/storage/v1/b/b/o/x", Query(("alt", "media")), null));

        var violations = Storage.Validate("POST", "/upload/storage/v1/b/b/o", Query(("uploadType", "chunky"), ("ifGenerationMatch", "first")), null);
        Assert.Equal(["query.ifGenerationMatch", "query.uploadType"], violations.Select(v => v.Path).Order(StringComparer.Ordinal));
        Assert.Contains(Storage.Validate("GET", "/storage/v1/b/b/o", Query(("maxResults", "-1")), null), v => v.Path == "query.maxResults");
        Assert.Contains(Storage.Validate("GET", "/storage/v1/b/b/o/x", Query(("alt", "xml")), null), v => v.Path == "query.alt" && v.Problem.Contains("json, media"));
    }

    [Fact]
    public void Storage_object_metadata_is_checked_against_the_object_schema()
    {
        var body = Json("""{"name":"x","contentType":"text/plain","metadata":{"k":"v"},"size":12}""");

        var violation = Assert.Single(Storage.Validate("POST", "/upload/storage/v1/b/b/o", Query(("uploadType", "multipart")), body));

        Assert.Equal("$.size", violation.Path);
    }

    [Fact]
    public void Responses_are_checked_against_the_methods_response_schema()
    {
        var good = Json("""{"name":"projects/p/locations/l/jobs/j","status":{"state":"RUNNING","taskGroups":{"group0":{"counts":{"RUNNING":"2"}}}}}""");
        var bad = Json("""{"name":"projects/p/locations/l/jobs/j","status":{"state":"WALKING","taskGroups":{"group0":{"counts":{"RUNNING":2}}}}}""");

        Assert.Empty(Batch.ValidateResponse("GET", Jobs + "/j", good));
        Assert.Equal(["$.status.state", "$.status.taskGroups.group0.counts.RUNNING"],
            Batch.ValidateResponse("GET", Jobs + "/j", bad).Select(v => v.Path).Order(StringComparer.Ordinal));
    }
}
