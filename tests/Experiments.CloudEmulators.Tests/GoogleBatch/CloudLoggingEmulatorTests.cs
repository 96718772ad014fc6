using System.Net;
using System.Text.Json;
using Experiments.CloudEmulators.GoogleBatch;
using Experiments.CloudEmulators.Tests.Support;

namespace Experiments.CloudEmulators.Tests.GoogleBatch;

/// <summary>
/// Cloud Logging's entries.list over what the Google Batch emulator's tasks printed (real processes), as Batch sends
/// it with logsPolicy CLOUD_LOGGING: one entry per line, labelled with the job's uid and the task.
/// </summary>
public sealed class CloudLoggingEmulatorTests : IAsyncLifetime
{
    private readonly CloudLoggingEmulator _logging = new();
    private readonly GoogleBatchEmulator _batch;
    private GoogleBatchClient _client = null!;
    private GoogleBatchClient _reader = null!;

    public CloudLoggingEmulatorTests() => _batch = new GoogleBatchEmulator(new RecordingFleet().RunAsync) { Logging = _logging };

    public async ValueTask InitializeAsync()
    {
        _reader = new GoogleBatchClient(await _logging.StartAsync());
        _client = new GoogleBatchClient(await _batch.StartAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _reader.Dispose();
        await _batch.DisposeAsync();
        await _logging.DisposeAsync();
    }

    [Fact]
    public async Task A_tasks_lines_are_entries_found_by_its_label_newest_first_with_stderr_as_errors()
    {
        // A pause between the lines: stdout and stderr are read apart, so without it which is seen first depends on load.
        var created = await _client.CreateAsync("printing", GoogleBatchClient.ShellJob(2, 2, "echo first $BATCH_TASK_INDEX; sleep 0.3; echo second >&2"));
        var uid = created.GetProperty("uid").GetString()!;
        await Eventually.WaitAsync(() => _client.GetAsync("printing"), j => j.GetProperty("status").GetProperty("state").GetString() is "SUCCEEDED" or "FAILED", "the job to end");

        var filter = $"logName=\"projects/proj/logs/batch_task_logs\" AND labels.job_uid=\"{uid}\" AND labels.task_id:\"task/{uid}-group0-1/\"";
        var page = await _reader.JsonAsync(HttpMethod.Post, "v2/entries:list",
            JsonSerializer.Serialize(new { resourceNames = new[] { "projects/proj" }, filter, orderBy = "timestamp desc", pageSize = 1000 }));

        var entries = page.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(["second", "first 1"], entries.Select(e => e.GetProperty("textPayload").GetString()));
        Assert.Equal(["ERROR", "INFO"], entries.Select(e => e.GetProperty("severity").GetString()));
        Assert.All(entries, e => Assert.Equal($"task/{uid}-group0-1/0/0", e.GetProperty("labels").GetProperty("task_id").GetString()));
        Assert.Equal(4, _logging.Entries.Count);
        Assert.Empty(_logging.Violations);
        Assert.Empty(_batch.Violations);
    }

    [Theory]
    [InlineData("""{"filter":"logName=\"projects/proj/logs/x\""}""", "$.resourceNames")]
    [InlineData("""{"resourceNames":["projects/proj"],"orderBy":"time"}""", "$.orderBy")]
    [InlineData("""{"resourceNames":["projects/proj"],"pageSize":5000}""", "$.pageSize")]
    [InlineData("""{"resourceNames":["projects/proj"],"filter":"textPayload=~\"x\""}""", "$.filter")]
    [InlineData("""{"resourceNames":["projects/proj"],"page_size":5}""", "$.page_size")]
    public async Task Requests_outside_list_log_entries_request_are_refused_naming_the_field(string body, string field)
    {
        using var response = await _reader.SendAsync(HttpMethod.Post, "v2/entries:list", body);
        var error = await GoogleBatchClient.ErrorOf(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("status").GetString());
        Assert.Equal(field, Assert.Single(_logging.Violations).Violation.Path);
    }
}
