using System.Text.Json;
using Experiments.Schema;
using Experiments.TestSupport;
using Experiments.Tool.Recording;
using Experiments.Tool.Running;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

public class ResultsRecorderTests
{
    [Fact]
    public void Outcomes_become_typed_points_beside_the_source_with_local_paths_scrubbed()
    {
        using var temp = new TempDirectory("recorder");
        var experiment = TestManifests.Experiment("Lab.Study.Run", axes: [("delta", "double", ["0.5", "1"]), ("solver", "Lab.Solver", ["Omp"])])
            with { Source = "Studies/Study.cs" };
        var manifest = TestManifests.Manifest(experiment);
        var scrubber = new PathScrubber([temp.Path], null);
        var recorder = new ResultsRecorder(temp.Path, manifest, scrubber);
        var failed = new PointRecord("Lab.Study.Run", "delta=1;solver=Omp", 1, 0, 2, PointStatus.Failed, 5, DateTimeOffset.UnixEpoch, 0.25, null,
            new PointError(ErrorKind.Exception, "System.IO.FileNotFoundException", $"Could not find {temp.Path}/Studies/data.csv",
                $"at Lab.Study.Run() in {temp.Path}/Studies/Study.cs:line 9"));
        var succeeded = new PointRecord("Lab.Study.Run", "delta=0.5;solver=Omp", 0, 0, 1, PointStatus.Succeeded, 4, DateTimeOffset.UnixEpoch, 0.5,
            JsonSerializer.SerializeToElement(new { rate = 1 }), null);

        var written = recorder.Record(manifest, ResultsFileMergeTests.Run("r1"), [new PointOutcome(failed, 2), new PointOutcome(succeeded, 1)]);

        Assert.Equal([new RecordedFile(Path.Combine("Studies", "Study.Run.results.json"), 1, 1)], written);
        var text = File.ReadAllText(temp.Combine("Studies", "Study.Run.results.json"));
        Assert.DoesNotContain(temp.Path, text, StringComparison.Ordinal);
        var file = ResultsFileReader.Parse(text, "x");
        Assert.Equal("{\"delta\":0.5,\"solver\":\"Omp\"}", file.Points[0].Parameters.GetRawText());
        Assert.Equal("{\"delta\":1,\"solver\":\"Omp\"}", file.Points[1].Parameters.GetRawText());
        Assert.Equal("Could not find Studies/data.csv", file.Points[1].Error!.Message);
        Assert.Equal("at Lab.Study.Run() in Studies/Study.cs:line 9", file.Points[1].Error!.Detail);
        Assert.Equal(2, file.Points[1].Attempts);
        Assert.Equal(1, file.Points[0].Result!.Value.GetProperty("rate").GetInt32());
    }
}
