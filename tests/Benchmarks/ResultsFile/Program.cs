using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Recording;
using Experiments.Tool.Running;

// One step per process, so each step's peak memory is its own (run.sh reads it from /usr/bin/time):
//   whole DIR [POINTS]   record every point of the grid into DIR/Grid.Point.results.json (no file before)
//   one DIR [POINTS]     record one re-run point into the existing file
//   read DIR [POINTS]    read the file back by streaming, every point built and validated
//   manifest DIR [POINTS] nothing: the baseline memory of a process holding this manifest, as the tool does
//   linear DIR [POINTS]  the profile of the old recording step: each key's grid index found by the linear search over
//                        the axis's value texts that ExperimentDescriptor.TryIndexOf did before (once per point)
// The grid is the tool's own: a manifest with one range axis `i` of POINTS values (keys i=0 … i=999999), parsed by
// the tool's manifest reader, recorded by the tool's ResultsRecorder (lock, streaming merge, durations file).
var step = args.Length > 0 ? args[0] : throw new ArgumentException("usage: whole|one|read DIR [POINTS]");
var directory = Path.GetFullPath(args.Length > 1 ? args[1] : "bench-results");
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
Directory.CreateDirectory(directory);
var manifest = Manifest.Parse(ManifestText(count), "experiments.manifest.json");
var experiment = manifest.Experiments[0];
var path = ResultsFiles.PathFor(directory, experiment);
var recorder = new ResultsRecorder(directory, manifest, new PathScrubber([directory], null));
var run = new ResultsFileRun(RunIdOf(DateTimeOffset.UtcNow), "0123456789abcdef", null, null, "local", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
    $"benchmark {step}", null, "0.1.0", Environment.Version.ToString(), "benchmark");

var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
switch (step)
{
    case "whole":
        recorder.Record(manifest, run, Enumerable.Range(0, count).Select(i => Outcome(experiment.Name, i, i * 2)));
        break;
    case "one":
        recorder.Record(manifest, run, [Outcome(experiment.Name, count / 2, -1)]);
        break;
    case "read":
        using (var stream = ResultsFileReader.Open(path))
        {
            long n = 0;
            foreach (var point in stream.ReadPoints())
                n += point.Result is { } r ? 1 : 0;
            Console.WriteLine($"read {n:N0} points");
        }
        break;
    case "manifest":
        break; // the baseline: what the process holds before recording (the tool holds the same manifest)
    case "linear":
        {
            var texts = experiment.Axes[0].Values.Select(Manifest.ValueText).ToArray();
            long sum = 0;
            for (var i = 0; i < count; i++)
            {
                var text = i.ToString(CultureInfo.InvariantCulture);
                for (var k = 0; k < texts.Length; k++)
                {
                    if (texts[k] == text)
                    {
                        sum += k;
                        break;
                    }
                }
            }
            Console.WriteLine($"found {sum}");
            break;
        }
    default:
        throw new ArgumentException($"unknown step '{step}'; valid: whole, one, read, manifest, linear");
}
clock.Stop();
var stepCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
// CPU seconds beside wall seconds: on a shared machine the wall time also counts waiting for a core.
var size = File.Exists(path) ? new FileInfo(path).Length : 0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{step}: {clock.Elapsed.TotalSeconds:0.00} s wall, {stepCpu.TotalSeconds:0.00} s CPU; file {size / 1e6:0.0} MB ({size / (double)count:0.0} bytes a point); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB"));

static PointOutcome Outcome(string experiment, int i, int result)
{
    var key = "i=" + i.ToString(CultureInfo.InvariantCulture);
    var record = new PointRecord(experiment, key, i, 0, 1, PointStatus.Succeeded, Experiments.Points.Seeds.Derive(experiment, key),
        DateTimeOffset.UnixEpoch, 0.001, JsonSerializer.SerializeToElement(result), null);
    return new PointOutcome(record, 1);
}

static string RunIdOf(DateTimeOffset time) =>
    time.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture);

// As the generator writes [Range(0, count - 1, 1)] int i: start, step and count, its values computed when read.
static string ManifestText(int count) =>
    $$$"""
        {"schema":2,"generator":"0.1.0","assembly":"Bench","experiments":[
        {"name":"Bench.Grid.Point","type":"Bench.Grid","method":"Point","source":"Grid.cs","explicit":true,
         "axes":[{"name":"i","type":"int","kind":"range","start":0,"step":1,"count":{{{count}}} }],
         "points":{{{count}}},"gridHash":"bench{{{count}}}",
         "resources":{"timeout":null,"retries":0,"cpus":1,"memory":null,"memoryBytes":null,"gpus":0}}]}
        """;
