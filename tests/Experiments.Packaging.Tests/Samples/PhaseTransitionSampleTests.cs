using Experiments.Packaging.Tests.Support;
using Experiments.Schema;
using Xunit;

namespace Experiments.Packaging.Tests.Samples;

/// <summary>The flagship sample builds into an experiment app with the manifest the tool plans from, and a plain
/// <c>dotnet test</c> runs its sanity check and unit tests but none of the sweep.</summary>
public sealed class PhaseTransitionSampleTests(BuiltPhaseTransitionSample sample) : IClassFixture<BuiltPhaseTransitionSample>
{
    [Fact]
    public void Building_the_sample_writes_its_manifest_with_the_right_counts()
    {
        var path = Path.Combine(sample.Project.OutputDirectory(), ManifestModel.FileName);

        var manifest = Manifest.Load(path);

        Assert.Equal("PhaseTransition", manifest.Assembly);
        Assert.Collection(
            manifest.Experiments,
            sanity =>
            {
                Assert.Equal("Samples.PhaseTransition.EasyPointIsRecovered", sanity.Name);
                Assert.Equal(1 * 1 * 2 * 3, sanity.Points);
                Assert.False(sanity.Explicit);
            },
            sweep =>
            {
                Assert.Equal("Samples.PhaseTransition.Run", sweep.Name);
                Assert.Equal("PhaseTransition.cs", sweep.Source);
                Assert.True(sweep.Explicit);
                Assert.Equal(
                    [("delta", "grid", 9), ("rho", "range", 49), ("coefficients", "all", 2), ("replicate", "replicates", 20)],
                    sweep.Axes.Select(a => (a.Name, a.Kind, a.Values.Count)));
                Assert.Equal(["Gaussian", "Sign"], sweep.Axes[2].Values.Select(Manifest.ValueText));
                Assert.Equal("0.98", Manifest.ValueText(sweep.Axes[1].Values[^1]));
                Assert.Equal(9 * 49 * 2 * 20, sweep.Points);
                Assert.Equal("00:01:00", sweep.Resources.Timeout);
                Assert.Equal(1, sweep.Resources.Retries);
            });
    }

    [Fact]
    public async Task A_plain_dotnet_test_runs_the_sanity_check_and_the_unit_tests_but_not_the_sweep()
    {
        var results = sample.Project.ArtifactsPath + "-test-results";

        await Dotnet.RunAsync(
            sample.Project.ProjectDirectory,
            sample.Project.BuildEnvironment,
            "test", sample.Project.ProjectFile, "-c", "Release", "--no-build",
            "--logger", "trx;LogFileName=sample.trx", "--results-directory", results);

        var executed = TrxResults.Read(Path.Combine(results, "sample.trx")).Where(r => r.Outcome != "NotExecuted").ToArray();
        Assert.All(executed, r => Assert.Equal("Passed", r.Outcome));
        Assert.Equal(6, executed.Count(r => r.MethodName == "EasyPointIsRecovered"));
        Assert.Equal(5, executed.Count(r => r.ClassName == "Samples.OrthogonalMatchingPursuitTests"));
        Assert.DoesNotContain(executed, r => r.MethodName == "Run");
    }
}
