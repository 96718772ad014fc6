using Experiments.Backends;
using Experiments.Backends.AwsBatch;
using Experiments.Backends.AwsBatch.Client;
using Experiments.CloudEmulators.AwsBatch;
using Experiments.CloudEmulators.Hosting;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.Stores;

namespace Experiments.AwsBatch.Tests.Backend;

/// <summary>
/// The backend end to end against moto's Batch and S3: the proxy checks every request against the botocore model and
/// its fleet runs each child through <see cref="RecordingWorker"/>.
/// </summary>
[Collection(MotoBatchCollection.Name)]
public sealed class AwsBatchBackendTests(MotoBatch moto)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sweep_runs_as_one_array_per_experiment_with_a_definition_per_resource_set_and_every_point_once()
    {
        var worker = new RecordingWorker();
        await using var aws = await BackendHarness.StartAsync(moto, worker);
        var timed = new ExperimentResources(TimeSpan.FromSeconds(10), 0, Cpus: 2, "4GiB", 4L << 30, Gpus: 0);
        var plan = Plans.Plan(Plans.NewRunId(), 2, Plans.Experiment("A", 10), Plans.Experiment("B", 1), Plans.Experiment("C", 7));
        var request = BackendHarness.Request(plan, resources: new Dictionary<string, ExperimentResources> { ["C"] = timed });

        var submission = await aws.Backend.SubmitAsync(request, Cancellation);
        var describesBefore = aws.Calls("DescribeJobs");
        var status = (await aws.WaitAsync([submission]))[0];
        var polls = aws.Calls("DescribeJobs") - describesBefore;
        var records = await aws.RecordsAsync(submission);

        // A: 5 tasks (an array), B: 1 task (a plain job), C: 4 tasks (an array).
        Assert.Equal([5, null, 4], aws.Fleet.Jobs.Select(j => j.ArraySize));
        Assert.Equal(submission.JobIds, aws.Fleet.Jobs.Select(j => j.JobId));
        Assert.Equal(2, aws.Calls("RegisterJobDefinition"));
        Assert.Equal(aws.Fleet.Jobs[0].JobDefinitionArn, aws.Fleet.Jobs[1].JobDefinitionArn);
        Assert.NotEqual(aws.Fleet.Jobs[0].JobDefinitionArn, aws.Fleet.Jobs[2].JobDefinitionArn);
        Assert.Equal(10, status.Count(TaskState.Succeeded));
        Assert.True(status.Finished);
        Assert.Null(status.Message);
        BackendHarness.AssertEveryPointOnce(plan, records);
        Assert.Equal($"s3://{aws.Bucket}/experiments/runs/{plan.RunId}", submission.Store);
        Assert.Equal("aws-batch", submission.Backend);
        Assert.Equal(moto.JobQueue, submission.Properties["jobQueue"]);
        Assert.Equal(MotoBatch.Region, submission.Properties["region"]);

        // Each poll is one DescribeJobs for the three jobs; nothing per child.
        Assert.True(polls >= 1);
        Assert.Equal(0, aws.Calls("ListJobs"));
        // What the tasks got: the worker's variables, AWS's own, never a credential.
        var child = worker.Runs.First(r => r.Index == 1);
        Assert.Equal($"s3://{aws.Bucket}/experiments/runs/{plan.RunId}/plan.json", child.Environment["EXPERIMENTS_PLAN"]);
        Assert.Equal("0", child.Environment["EXPERIMENTS_TASK_OFFSET"]);
        Assert.Equal($"{submission.JobIds[0]}:1", child.Environment["AWS_BATCH_JOB_ID"]);
        Assert.Equal("127.0.0.1:5000/experiments-test/aws-batch:pkg-0123456789", child.ImageName);
        Assert.Equal("0", worker.Runs.Single(r => r.Index is null).Environment["EXPERIMENTS_TASK_INDEX"]);
        Assert.All(worker.Runs, r => Assert.DoesNotContain(r.Environment, v => v.Value.Contains(MotoS3.SecretKey) || v.Key.StartsWith("AWS_SECRET", StringComparison.Ordinal)));
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task The_definition_holds_the_timeout_for_its_points_and_an_identical_one_is_reused()
    {
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker());
        var timed = new ExperimentResources(TimeSpan.FromSeconds(10), 0, Cpus: 2, "4GiB", 4L << 30, Gpus: 0);
        var plan = Plans.Plan(Plans.NewRunId(), 3, Plans.Experiment("C", 6));
        var resources = new Dictionary<string, ExperimentResources> { ["C"] = timed };

        var first = await aws.Backend.SubmitAsync(BackendHarness.Request(plan, resources: resources), Cancellation);
        await aws.WaitAsync([first]);
        using var client = moto.Client();
        var definitions = await Experiments.Backends.AwsBatch.Client.AwsBatchPaging.DescribeAllJobDefinitionsAsync(client,
            new() { JobDefinitionName = aws.Options.DefinitionName, Status = "ACTIVE" }, Cancellation);

        var definition = Assert.Single(definitions);
        Assert.Equal((10 + 30) * 3 + 300, definition.Timeout!.AttemptDurationSeconds);
        Assert.Equal(2, definition.RetryStrategy!.Attempts);
        Assert.Contains(definition.ContainerProperties!.ResourceRequirements!, r => r is { Type: "MEMORY", Value: "4096" });
        Assert.Contains(definition.ContainerProperties.ResourceRequirements!, r => r is { Type: "VCPU", Value: "2" });
        Assert.Empty(definition.ContainerProperties.Environment ?? []); // the run's variables go with each job, not here

        // A second submission of the run (a resumed one, from another process) finds the same definition.
        var backend2 = new AwsBatchBackend(aws.Options with { Endpoint = aws.Proxy.BaseUri });
        var second = await backend2.SubmitAsync(BackendHarness.Request(plan, tasks: [1], resources: resources), Cancellation);
        await backend2.DisposeAsync();
        Assert.Equal(1, aws.Calls("RegisterJobDefinition"));
        Assert.Single(second.JobIds);
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_and_every_point_runs_once()
    {
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker());
        var plan = Plans.Plan(Plans.NewRunId(), 1, Plans.Experiment("A", 6), Plans.Experiment("B", 3));
        aws.Proxy.Faults.ThrottleNext(3);

        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        aws.Proxy.Faults.FailNext(2, 503);
        await aws.WaitAsync([submission]);
        aws.Proxy.Faults.FailNext(1, 500);
        var status = await aws.Backend.PollAsync(submission, Cancellation);

        Assert.Equal(3, aws.Proxy.Requests.Count(r => r.Status == 429));
        Assert.Equal(3, aws.Proxy.Requests.Count(r => r.Status is 500 or 503));
        Assert.Equal(2, aws.Fleet.Jobs.Count);
        Assert.Equal(9, status.Count(TaskState.Succeeded));
        BackendHarness.AssertEveryPointOnce(plan, await aws.RecordsAsync(submission));
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task A_SubmitJob_whose_answer_was_lost_after_it_was_applied_is_found_by_name_and_not_submitted_again()
    {
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker());
        var plan = Plans.Plan(Plans.NewRunId(), 1, Plans.Experiment("A", 4), Plans.Experiment("B", 4));
        aws.Proxy.Faults.DropNext("POST", "/v1/submitjob", applyFirst: true);

        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        await aws.WaitAsync([submission]);

        Assert.Equal(2, aws.Fleet.Jobs.Count);
        Assert.Equal(submission.JobIds, aws.Fleet.Jobs.Select(j => j.JobId));
        Assert.Equal(2, aws.Calls("SubmitJob")); // the dropped one (applied) and B's; A's was not sent again
        Assert.Single(aws.Proxy.Requests, r => r is { Operation: "SubmitJob", Status: 0 });
        Assert.Equal(1, aws.Calls("ListJobs"));
        BackendHarness.AssertEveryPointOnce(plan, await aws.RecordsAsync(submission));
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task A_job_whose_answer_was_lost_while_ListJobs_failed_is_found_afterwards_and_terminated()
    {
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker { Duration = TimeSpan.FromSeconds(30) });
        var plan = Plans.Plan(Plans.NewRunId(), 1, Plans.Experiment("A", 2));
        aws.Proxy.Faults.DropNext("POST", "/v1/submitjob", applyFirst: true);
        // Every try of the lookup that follows loses its connection too (the client makes 8 tries of a ListJobs).
        for (var i = 0; i < 8; i++)
            aws.Proxy.Faults.DropNext("POST", "/v1/listjobs", applyFirst: false);

        var error = await Assert.ThrowsAsync<AwsBatchException>(() => aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation));

        Assert.Equal("ListJobs", error.Operation);
        Assert.Single(aws.Fleet.Jobs); // created by the SubmitJob whose answer was lost
        Assert.Single(aws.Proxy.Requests, r => r is { Operation: "ListJobs", Status: 200 }); // the last lookup, which found it
        Assert.Single(aws.Proxy.Requests, r => r is { Operation: "TerminateJob", Status: 200 });
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task A_SubmitJob_dropped_before_it_was_applied_is_submitted_again_once()
    {
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker());
        var plan = Plans.Plan(Plans.NewRunId(), 1, Plans.Experiment("A", 4));
        aws.Proxy.Faults.DropNext("POST", "/v1/submitjob", applyFirst: false);

        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        await aws.WaitAsync([submission]);

        Assert.Single(aws.Fleet.Jobs);
        Assert.Equal(2, aws.Calls("SubmitJob"));
        Assert.Equal(1, aws.Calls("ListJobs"));
        BackendHarness.AssertEveryPointOnce(plan, await aws.RecordsAsync(submission));
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task Tasks_killed_on_their_first_attempt_run_again_and_every_point_is_recorded_once()
    {
        var worker = new RecordingWorker();
        await using var aws = await BackendHarness.StartAsync(moto, worker);
        var plan = Plans.Plan(Plans.NewRunId(), 2, Plans.Experiment("A", 12));
        aws.Proxy.Faults.FailFirstAttemptOf(1, 4);

        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        var status = (await aws.WaitAsync([submission]))[0];
        var logs = await aws.Backend.FindLogsAsync(submission, [1, 2], Cancellation);

        Assert.Equal(6, status.Count(TaskState.Succeeded));
        var killed = aws.Fleet.Attempts.Where(a => a.ExitCode == EmulatorFaults.FailedAttemptExitCode).ToList();
        Assert.Equal([1, 4], killed.Select(a => a.Index!.Value).Order());
        Assert.All(killed, a => Assert.Equal(1, a.Attempt));
        Assert.Equal(6, worker.Runs.Count);
        Assert.Equal(["2", "2"], worker.Runs.Where(r => r.Index is 1 or 4).Select(r => r.Environment["AWS_BATCH_JOB_ATTEMPT"]));
        BackendHarness.AssertEveryPointOnce(plan, await aws.RecordsAsync(submission));

        // The retried task has a log stream per attempt; the other one, one.
        Assert.Equal(2, logs.Count(l => l.Task == 1));
        Assert.Single(logs, l => l.Task == 2);
        Assert.All(logs, l => Assert.StartsWith($"CloudWatch Logs /aws/batch/job stream {aws.Options.DefinitionName}/default/", l.Where));
        Assert.Contains(logs, l => l.Task == 1 && l.Where.EndsWith($"job {submission.JobIds[0]}:1 (attempt 2 of 2)", StringComparison.Ordinal));
        // Each stream's text is read from CloudWatch Logs (GetLogEvents), where the fleet put what the container printed:
        // the killed first attempt printed nothing, the second its lines, stdout and stderr together.
        var child = $"{submission.JobIds[0]}:1";
        Assert.Equal(["", $"child {child} attempt 2 says hello on stdout\nchild {child} attempt 2 says hello on stderr\n"],
            logs.Where(l => l.Task == 1).Select(l => l.Text));
        Assert.Equal($"child {submission.JobIds[0]}:2 attempt 1 says hello on stdout\nchild {submission.JobIds[0]}:2 attempt 1 says hello on stderr\n",
            Assert.Single(logs, l => l.Task == 2).Text);
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task A_worker_that_dies_inside_a_point_on_the_last_attempt_gets_that_attempt_ended_as_a_crash()
    {
        var worker = new RecordingWorker();
        await using var aws = await BackendHarness.StartAsync(moto, worker, attempts: 2);
        var plan = Plans.Plan(Plans.NewRunId(), 2, Plans.Experiment("A", 6));
        worker.CrashingTasks[1] = true;

        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        var status = (await aws.WaitAsync([submission]))[0];
        var records = await aws.RecordsAsync(submission);

        Assert.Equal(1, status.Count(TaskState.Failed));
        // Both attempts started the point and died in it; the tool ended each (AWS will not run the child again).
        var point = records.Where(r => r.Task == 1).ToArray();
        Assert.Equal([1, 2], point.Where(r => r.Status == PointStatus.Started).Select(r => r.Attempt));
        var ends = point.Where(r => r.Status == PointStatus.Failed).ToArray();
        Assert.Equal([1, 2], ends.Select(r => r.Attempt).Order());
        Assert.All(ends, r => Assert.Equal(ErrorKind.Crash, r.Error!.Kind));
        Assert.All(ends, r => Assert.Contains("AWS Batch task 1 stopped while running this point", r.Error!.Message, StringComparison.Ordinal));
        Assert.Equal(4, records.Count(r => r.Task != 1 && r.Status == PointStatus.Succeeded));
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task No_key_secret_or_session_token_travels_in_a_request_the_store_or_the_journaled_submission()
    {
        // The tool's shell has temporary credentials (SSO, an assumed role); moto checks no signature.
        const string sessionToken = "moto-session-token-never-in-a-job";
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker(),
            environment: name => name == "AWS_SESSION_TOKEN" ? sessionToken : MotoS3.Variable(name));
        var plan = Plans.Plan(Plans.NewRunId(), 2, Plans.Experiment("A", 6), Plans.Experiment("B", 1));

        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        await aws.WaitAsync([submission]);
        var logs = await aws.Backend.FindLogsAsync(submission, [0, 1, 2, 3], Cancellation);

        // Every Batch request's query and body (job definitions, job environments, log reads): only the signature's
        // Authorization header may carry the key id, and no header is looked at here.
        var places = aws.Proxy.Requests.Select(r => ($"{r.Method} {r.Path}", r.Path + r.Query + "\n" + System.Text.Encoding.UTF8.GetString(r.Body))).ToList();
        using (var store = ObjectStores.Open(new Uri($"s3://{aws.Bucket}/experiments"), new ObjectStoreOptions { Environment = MotoS3.Variable }))
        {
            foreach (var entry in await store.ListAsync("", Cancellation))
                places.Add((entry.Name, System.Text.Encoding.UTF8.GetString(await store.GetAsync(entry.Name, Cancellation) ?? [])));
        }
        places.Add(("the journaled submission", System.Text.Json.JsonSerializer.Serialize(submission)));
        places.AddRange(logs.Select(l => (l.Where, l.Where + l.Text)));

        Assert.Contains(aws.Proxy.Requests, r => r.Operation == "RegisterJobDefinition");
        Assert.Contains(places, p => p.Item1.EndsWith("plan.json", StringComparison.Ordinal));
        foreach (var (where, text) in places)
        {
            foreach (var secret in (string[])[MotoS3.AccessKey, MotoS3.SecretKey, sessionToken])
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{secret[..6]}… is in {where}");
        }
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task A_task_that_fails_every_attempt_is_failed_and_named_with_its_exit_code_and_log_stream()
    {
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker(), attempts: 1);
        var plan = Plans.Plan(Plans.NewRunId(), 1, Plans.Experiment("A", 3));
        aws.Proxy.Faults.FailFirstAttemptOf(2);

        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        var status = (await aws.WaitAsync([submission]))[0];

        Assert.Equal(2, status.Count(TaskState.Succeeded));
        Assert.Equal(1, status.Count(TaskState.Failed));
        Assert.StartsWith($"1 AWS Batch task(s) failed: task 2 (job {submission.JobIds[0]}:2): Host EC2 (instance i-0emulated) terminated., exit 137", status.Message);
        Assert.Contains($"log stream {aws.Options.DefinitionName}/default/", status.Message);
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task Cancelling_terminates_the_jobs_and_their_tasks_end_cancelled()
    {
        var worker = new RecordingWorker { Duration = TimeSpan.FromSeconds(30) };
        await using var aws = await BackendHarness.StartAsync(moto, worker, parallelism: 1);
        var plan = Plans.Plan(Plans.NewRunId(), 1, Plans.Experiment("A", 3), Plans.Experiment("B", 1));

        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        while (worker.Runs.Count == 0)
            await Task.Delay(50, Cancellation);
        await aws.Backend.CancelAsync(submission, Cancellation);
        var status = await aws.Backend.PollAsync(submission, Cancellation);

        Assert.Equal(2, aws.Calls("TerminateJob"));
        Assert.True(status.Finished);
        Assert.Equal(4, status.Count(TaskState.Cancelled));
        // The running attempt was stopped; children not yet started never ran.
        Assert.InRange(worker.Runs.Count, 1, 2);
        Assert.All(aws.Fleet.Attempts, a => Assert.Equal(AwsBatchFleet.KilledExitCode, a.ExitCode));
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task Cancelling_tries_every_job_and_names_the_ones_AWS_would_not_terminate()
    {
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker { Duration = TimeSpan.FromSeconds(30) }, parallelism: 1);
        var plan = Plans.Plan(Plans.NewRunId(), 1, Plans.Experiment("A", 1), Plans.Experiment("B", 1));
        var submission = await aws.Backend.SubmitAsync(BackendHarness.Request(plan), Cancellation);
        // Every try of the first TerminateJob fails (the client makes 8); the second job's goes through.
        aws.Proxy.Faults.FailNext(8, 500);

        var error = await Assert.ThrowsAsync<BackendUserException>(() => aws.Backend.CancelAsync(submission, Cancellation));

        Assert.StartsWith($"AWS Batch did not stop 1 of 2 job(s) of {submission.Id}: {submission.JobIds[0]} (", error.Message);
        Assert.Contains("aws batch terminate-job", Assert.Single(error.Hints));
        Assert.DoesNotContain(submission.JobIds[1], error.Message + error.Hints[0]);
        Assert.Single(aws.Proxy.Requests, r => r is { Operation: "TerminateJob", Status: 200 });
        await aws.Backend.CancelAsync(submission, Cancellation);
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task A_runs_submissions_are_polled_together_with_one_DescribeJobs_per_hundred_jobs()
    {
        await using var aws = await BackendHarness.StartAsync(moto, new RecordingWorker());
        var plan = Plans.Plan(Plans.NewRunId(), 1, Plans.Experiment("A", 4), Plans.Experiment("B", 2));

        var first = await aws.Backend.SubmitAsync(BackendHarness.Request(plan, tasks: [0, 1, 2]), Cancellation);
        var second = await aws.Backend.SubmitAsync(BackendHarness.Request(plan, tasks: [3, 4, 5]), Cancellation);
        await aws.WaitAsync([first, second]);
        var before = aws.Calls("DescribeJobs");
        var statuses = await aws.Backend.PollAllAsync([first, second], Cancellation);

        Assert.Equal(1, aws.Calls("DescribeJobs") - before);
        Assert.Equal([3, 3], statuses.Select(s => s.Count(TaskState.Succeeded)));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([3, null, 2], aws.Fleet.Jobs.Select(j => j.ArraySize)); // A 0-2 | A 3 (plain), B 4-5
        BackendHarness.AssertEveryPointOnce(plan, await aws.RecordsAsync(first));
        aws.AssertNoViolations();
    }

    [Fact]
    public async Task A_queue_AWS_does_not_know_is_reported_before_anything_is_built()
    {
        moto.Require();
        var options = new AwsBatchOptions
        {
            Image = new() { Registry = "127.0.0.1:5000", Repository = "experiments-test/aws-batch" },
            Store = "s3://bucket/experiments",
            Endpoint = moto.Proxy.BaseUri,
            JobQueue = "no-such-queue",
            Environment = MotoS3.Variable,
        };

        var error = await Assert.ThrowsAsync<BackendUnavailableException>(() => AwsBatchBackend.CreateAsync(options, Cancellation));

        Assert.StartsWith("AWS Batch does not accept the job queue 'no-such-queue' in us-east-1:", error.Message);
        Assert.DoesNotContain(MotoS3.SecretKey, error.Message);
    }
}
