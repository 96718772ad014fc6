using System.Globalization;
using System.Text.Json;
using Experiments.Points;
using Experiments.Schema;

// Writes DIR/Grid.Point.results.json: a phase-diagram-shaped grid of 200 × 100 × 2 × 25 = 1,000,000 points
// (x, y numeric; kind an enum; replicate), each with {"ok": bool, "error": double}, and one failure in 1,000 —
// the shape `report` turns into a faceted heatmap. Written line by line with the results writer, so it is a real
// schema-2 file of any size in constant memory.
//   ResultsGrid DIR [REPLICATES]   write the file
//   ResultsGrid DIR --read          only stream its points back (the reader's share of the report's time)
var directory = Path.GetFullPath(args.Length > 0 ? args[0] : "report-bench");
if (args.Length > 1 && args[1] == "--read")
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    using var stream = ResultsFileReader.Open(Path.Combine(directory, "Grid.Point.results.json"));
    var read = stream.ReadPoints().LongCount();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {read:N0} points in {clock.Elapsed.TotalSeconds:0.00} s"));
    return;
}
var replicates = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 25;
Directory.CreateDirectory(directory);
const string experiment = "Bench.Grid.Point";

static ManifestAxis Axis(string name, string type, string kind, IEnumerable<object> values) =>
    new(name, type, kind, values.Select(v => JsonSerializer.SerializeToElement(v)).ToArray());

var xs = Enumerable.Range(1, 200).Select(i => i / 200.0).ToArray();
var ys = Enumerable.Range(1, 100).Select(i => i / 100.0).ToArray();
string[] kinds = ["Gaussian", "Sign"];
var axes = new[]
{
    Axis("x", "double", "grid", xs.Cast<object>()),
    Axis("y", "double", "grid", ys.Cast<object>()),
    Axis("kind", "Bench.Kind", "all", kinds),
    Axis("replicate", "int", "replicates", Enumerable.Range(0, replicates).Cast<object>()),
};
var run = new ResultsFileRun("20261203-120000-bench", "0123456789abcdef", null, null, "local",
    DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "report benchmark", null, "0.1.0", Environment.Version.ToString(), "benchmark");
var header = new ResultsFileHeader(ResultsFile.CurrentSchema, experiment, "bench", axes, [run]);

var path = Path.Combine(directory, "Grid.Point.results.json");
var random = new Random(1);
long count = 0;
using (var file = new BufferedStream(File.Create(path), 1 << 20))
using (var lines = new ResultsFileWriter.PointLines(file, header))
{
    foreach (var x in xs)
    foreach (var y in ys)
    foreach (var kind in kinds)
    for (var r = 0; r < replicates; r++)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"x={x};y={y};kind={kind};replicate={r}");
        var parameters = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["x"] = x, ["y"] = y, ["kind"] = kind, ["replicate"] = r });
        var failed = random.Next(1000) == 0;
        var edge = kind == "Gaussian" ? 0.3 + 0.2 * x : 0.2 + 0.1 * x;
        var result = JsonSerializer.SerializeToElement(new { ok = y + 0.05 * (random.NextDouble() - 0.5) < edge, error = Math.Max(0, y - edge) * random.NextDouble() });
        var point = failed
            ? new ResultsFilePoint(key, ResultsFilePoint.Failed, false, parameters, Seeds.Derive(experiment, key), 2, null,
                new ResultsFileError("exception", "System.InvalidOperationException", "did not converge", null))
            : new ResultsFilePoint(key, ResultsFilePoint.Succeeded, false, parameters, Seeds.Derive(experiment, key), 1, result, null);
        lines.Add(ResultsFileWriter.FormatPoint(experiment, point));
        count++;
    }
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count:N0} points to {path} ({new FileInfo(path).Length / 1e6:0.0} MB)"));
