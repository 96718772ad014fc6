using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.TestCommand;

/// <summary>test.sh, the repository's test command, run on a miniature repository whose results are known.</summary>
public sealed class TestScriptTests(MiniRepository repository) : IClassFixture<MiniRepository>
{
    [Fact]
    public async Task Sums_every_project_and_fails_on_a_failure_or_a_project_outside_the_solution()
    {
        var result = await repository.RunTestShAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("4 passed, 2 failed, 1 skipped", LastLine(result));
        Assert.Matches(@"Alpha\.Tests\s+3 passed, 0 failed, 1 skipped", result.StandardOutput);
        Assert.Matches(@"Beta\.Tests\s+1 passed, 1 failed, 0 skipped", result.StandardOutput);
        Assert.Matches(@"Gamma\.Tests\s+0 passed, 1 failed, 0 skipped\s+— not in Experiments\.sln", result.StandardOutput);
        Assert.True(File.Exists(Path.Combine(repository.Root, "TestResults", "test.sh", "Alpha.Tests.trx")));
    }

    [Fact]
    public async Task Runs_one_project_with_a_filter()
    {
        var result = await repository.RunTestShAsync("--filter", "FullyQualifiedName~Two", "Alpha.Tests");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("2 passed, 0 failed", LastLine(result));
        Assert.DoesNotContain("=== Beta.Tests", result.StandardOutput); // the solution is still built whole
    }

    [Fact]
    public async Task An_unknown_project_name_is_a_clear_error()
    {
        var result = await repository.RunTestShAsync("Nope.Tests");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no test project named 'Nope.Tests' (valid: Alpha.Tests Beta.Tests Gamma.Tests)", result.StandardError);
    }

    [Fact]
    public async Task An_unknown_option_is_a_clear_error()
    {
        var result = await repository.RunTestShAsync("--filtr", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option '--filtr'", result.StandardError);
        Assert.Contains("--filter EXPR", result.StandardError);
    }

    private static string LastLine(ProcessResult result) =>
        result.StandardOutput.TrimEnd().Split('\n')[^1].TrimEnd('\r');
}
