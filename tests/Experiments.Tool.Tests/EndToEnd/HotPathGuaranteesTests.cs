using Experiments.Schema;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// What must hold however fast the local backend runs points, with its records, protocol lines and flushes batched:
/// a point that throws, times out or crashes its worker is recorded failed under its own key with its own error, no
/// other point is lost or recorded twice; and after <c>kill -9</c> of the tool at any moment, <c>resume</c> records
/// every point exactly once.
/// </summary>
[Collection(ManyPointsCollection.Name)]
public sealed class HotPathGuaranteesTests
{
    private readonly ManyPointsProject _many;

    public HotPathGuaranteesTests(ManyPointsProject many)
    {
        _many = many;
        many.Reset();
    }

    [Fact]
    public async Task Failures_among_fast_points_stay_pinned_to_their_own_keys_and_no_point_is_lost_or_doubled()
    {
        var run = await _many.Tool.RunAsync("run", "Many.Mixed", "--no-build", "--parallel", "2");

        Assert.True(run.ExitCode == 1, run.ToString());
        var points = ResultsText.Read(_many.ResultsFile("Many.Mixed")).Points;
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"i={i}").Order(StringComparer.Ordinal), points.Select(p => p.Key).Order(StringComparer.Ordinal));
        var failed = points.Where(p => !p.IsSucceeded).ToDictionary(p => p.Key);
        var throwing = Enumerable.Range(0, 3000).Where(i => i % 500 == 7).ToArray();
        Assert.Equal(throwing.Select(i => $"i={i}").Append("i=1234").Append("i=2345").Order(StringComparer.Ordinal), failed.Keys.Order(StringComparer.Ordinal));
        foreach (var i in throwing)
        {
            var error = failed[$"i={i}"].Error!;
            Assert.Equal(("exception", "System.InvalidOperationException", $"deliberate failure at i={i}"), (error.Kind, error.Type, error.Message));
        }
        Assert.Equal("timeout", failed["i=1234"].Error!.Kind);
        Assert.Equal("crash", failed["i=2345"].Error!.Kind);
        Assert.Contains("deliberate crash at i=2345", failed["i=2345"].Error!.Detail ?? "", StringComparison.Ordinal);
        Assert.All(points.Where(p => p.IsSucceeded), p => Assert.Equal(p.Key, $"i={p.Result!.Value.GetInt32()}"));

        // The store, the witness of what the workers did: one final record per point (Retries = 0), none twice.
        var runDirectory = await RunFolderWitness.WaitForRunAsync(_many.Directory);
        var finals = RunFolderWitness.Records(runDirectory).Where(r => r.IsFinal).GroupBy(r => r.Key).ToArray();
        Assert.Equal(3000, finals.Length);
        Assert.All(finals, g => Assert.True(g.Count() == 1, $"{g.Key} has {g.Count()} final records"));
    }

    [Fact]
    public Task After_kill_9_at_random_moments_resume_records_each_of_100_000_points_exactly_once() =>
        KillAndResumeAsync("Many.Point", 400, 250, kills: 3);

    /// <summary>The same at 10⁶ points: minutes, so excluded from <c>./test.sh</c> by default (see test.sh).</summary>
    [Fact]
    [Trait("Category", "Long")]
    public Task After_kill_9_at_random_moments_resume_records_each_of_1_000_000_points_exactly_once() =>
        KillAndResumeAsync("Many.Million", 1000, 1000, kills: 3);

    private async Task KillAndResumeAsync(string experiment, int sideA, int sideB, int kills)
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var total = sideA * sideB;
        var runDirectories = new List<string>();
        for (var k = 0; k < kills; k++)
        {
            // The first kill is of `run`, the later ones of the `resume` that picks up after it.
            using var tool = k == 0
                ? _many.Tool.Start("run", experiment, "--no-build", "--parallel", "2")
                : _many.Tool.Start("resume", "--no-build", "--parallel", "2");
            var runDirectory = await RunFolderWitness.WaitForRunAsync(_many.Directory, earlier: k);
            runDirectories.Add(runDirectory);
            // A random moment: before the workers start, while points stream in, or while the results are recorded.
            await Task.Delay(random.Next(0, 2500), TestContext.Current.CancellationToken);
            try
            {
                tool.Process.Kill(); // SIGKILL: no chance to cancel, collect or record anything
            }
            catch (InvalidOperationException)
            {
                // It had already finished: a kill at that moment changes nothing.
            }
            await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
            // Its workers notice the tool is gone and stop; resume would refuse while they live.
            await RunFolderWitness.WaitForWorkersToExitAsync(runDirectory);
        }

        var last = await _many.Tool.RunAsync(TimeSpan.FromMinutes(10), "resume", "--no-build", "--parallel", "2");
        var context = $"(random seed {seed})\n{last}";
        // When a kill came after the results were recorded, there is nothing left to resume (exit 2).
        Assert.True(last.ExitCode is 0 or 2, context);

        var points = ResultsText.Read(_many.ResultsFile(experiment)).Points;
        Assert.True(points.Count == total, $"{points.Count} points recorded of {total} {context}");
        Assert.Equal(total, points.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.All(points, p => Assert.True(p.IsSucceeded, $"{p.Key}: {p.Status} {p.Error?.Message} {context}"));
        var keys = points.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        for (var a = 0; a < sideA; a += sideA / 10)
            Assert.Contains($"a={a};b={sideB - 1}", keys);

        // Exactly once: no point succeeded in two runs, so nothing a killed run finished was run again.
        var succeeded = Directory.GetDirectories(Path.Combine(_many.Directory, ".experiments", "runs"))
            .SelectMany(d => RunFolderWitness.Records(d))
            .Where(r => r.Status == PointStatus.Succeeded)
            .GroupBy(r => r.Key)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .Take(5)
            .ToArray();
        Assert.True(succeeded.Length == 0, $"points that succeeded more than once: {string.Join(", ", succeeded)} {context}");
    }
}
