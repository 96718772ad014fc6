using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Slurm;

/// <summary>A missing or wrong experiments.json is the user's mistake: exit 2, before any build, naming the file and the key.</summary>
[Collection(SlurmSweepsCollection.Name)]
public sealed class SlurmConfigErrorTests
{
    private readonly SlurmSweepsProject _sweeps;

    public SlurmConfigErrorTests(SlurmSweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Without_a_config_file_the_slurm_backend_says_where_it_looked_and_how_to_start_one()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Sweeps.Arithmetic.Sum", "--backend", "slurm", "--no-build");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("No experiments.json was found in", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("dotnet experiment init --backend slurm", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(_sweeps.RunIds());
    }

    [Fact]
    public async Task Init_writes_a_section_that_points_at_the_one_value_to_fill_in()
    {
        var init = await _sweeps.Tool.RunAsync("init", "--backend", "slurm");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(File.Exists(_sweeps.ConfigFile), init.ToString());
        var run = await _sweeps.Tool.RunAsync("run", "Sweeps.Arithmetic.Sum", "--backend", "slurm", "--no-build");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(_sweeps.ConfigFile, run.StandardError, StringComparison.Ordinal);
        Assert.Contains("slurm.sharedDirectory", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("absolute path", run.StandardError, StringComparison.Ordinal);

        var again = await _sweeps.Tool.RunAsync("init", "--backend", "slurm");
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("already has a \"slurm\" section", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_key_is_named_with_the_key_it_probably_meant()
    {
        File.WriteAllText(_sweeps.ConfigFile, """
            {
              // a typo, and a value of the wrong type
              "slurm": { "sharedDirectroy": "/scratch/x", "maxArraySize": "ten" }
            }
            """);

        var run = await _sweeps.Tool.RunAsync("run", "Sweeps.Arithmetic.Sum", "--backend", "slurm", "--no-build");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("slurm.sharedDirectroy is not a setting of the slurm backend (did you mean sharedDirectory?)", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("slurm.maxArraySize must be a whole number, not the string \"ten\"", run.StandardError, StringComparison.Ordinal);
    }
}
