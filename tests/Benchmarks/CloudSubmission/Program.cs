using System.Globalization;
using System.Text;
using Benchmarks.CloudSubmission;
using Experiments.Backends;
using Experiments.Schema;
using Experiments.TestSupport;

// Submission cost of the cloud backends: a plan of POINTS one-point tasks submitted through each backend's SubmitAsync
// to its emulator, after one warm-up submission; API calls by operation and wall time per measured submission.
// Usage: CloudSubmission [--points N] [--runs N] [--backend NAME]... [--output FILE]
var points = 100_000;
var runs = 3;
string? output = null;
var only = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--points": points = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--backend": only.Add(value); break;
        case "--output": output = value; break;
        default: throw new ArgumentException($"Unknown option {args[i]}; valid: --points, --runs, --backend, --output.");
    }
    i++;
}

ISubmissionScenario[] all = [new AwsBatchScenario(), new AzureBatchScenario(), new GoogleBatchScenario()];
var scenarios = only.Count == 0 ? all : only.Select(name => all.SingleOrDefault(s => s.Backend == name)
    ?? throw new ArgumentException($"Unknown backend {name}; valid: {string.Join(", ", all.Select(s => s.Backend))}.")).ToArray();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var work = Directory.CreateTempSubdirectory("experiments-cloud-submission-");
var planBytes = 0L;

async Task<Measurement> SubmitAsync(ISubmissionScenario scenario, int attempt)
{
    var runId = $"20261121-120000-{scenario.Backend[..3]}{attempt:D2}";
    var plan = RunPlanner.Plan(runId, [PlanSelection.All(SyntheticExperiments.WithPoints("Benchmark.Point", points))], pointsPerTask: 1);
    var directory = Directory.CreateDirectory(Path.Combine(work.FullName, runId)).FullName;
    var planPath = Path.Combine(directory, RunPlanJson.FileName);
    var json = RunPlanJson.Serialize(plan);
    await File.WriteAllTextAsync(planPath, json, cancel.Token);
    planBytes = Encoding.UTF8.GetByteCount(json);
    return await scenario.MeasureAsync(new SubmitRequest(Package.Prepared, plan, planPath, directory, null, null), cancel.Token);
}

var results = new List<(ISubmissionScenario Scenario, IReadOnlyList<Measurement> Measurements)>();
try
{
    foreach (var scenario in scenarios)
    {
        Console.Error.WriteLine($"{scenario.Backend}: warm-up submission of {points:N0} tasks");
        await SubmitAsync(scenario, 0);
        var measured = new List<Measurement>();
        for (var run = 1; run <= runs; run++)
        {
            var measurement = await SubmitAsync(scenario, run);
            Console.Error.WriteLine($"{scenario.Backend}: run {run}: {measurement.Wall.TotalSeconds:0.000} s, {measurement.Batch.Count} Batch calls");
            measured.Add(measurement);
        }
        results.Add((scenario, measured));
    }
}
finally
{
    work.Delete(recursive: true);
}

var table = ResultsTable.Markdown(points, planBytes, results);
Console.WriteLine(table);
if (output is not null)
    await File.WriteAllTextAsync(output, table);
