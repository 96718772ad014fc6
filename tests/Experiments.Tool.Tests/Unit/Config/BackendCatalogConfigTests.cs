using Experiments.Backends.Local;
using Experiments.Backends.Slurm;
using Experiments.TestSupport;
using Experiments.Tool.Backends;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Tests.Unit.Config;

// How config mistakes reach the user: as UserException (exit 2) naming the file and keys, before anything is built.
public sealed class BackendCatalogConfigTests : IDisposable
{
    // A host that can never resolve (RFC 2606): ssh fails at once, as for a login node that cannot be reached.
    private const string UnreachableHost = "login.experiments-test.invalid";

    private readonly TempDirectory _temp = new("catalog");
    private readonly string _repository;

    public BackendCatalogConfigTests()
    {
        _repository = _temp.Combine("repo");
        Directory.CreateDirectory(Path.Combine(_repository, ".git"));
    }

    [Fact]
    public async Task Slurm_without_a_config_file_says_where_it_looked_and_how_to_start_one()
    {
        var error = await Assert.ThrowsAsync<UserException>(() => CreateAsync("slurm"));

        Assert.StartsWith($"No experiments.json was found in {_repository}", error.Message);
        Assert.Equal(ExitCodes.UserError, error.ExitCode);
        Assert.Contains("dotnet experiment init --backend slurm", Assert.Single(error.Details));
    }

    [Fact]
    public async Task Bad_keys_are_listed_under_the_file_and_section_with_exit_code_2()
    {
        var path = WriteConfig("""{ "slurm": { "sharedDirectroy": "/scratch/exp", "maxArraySize": "many" } }""");

        var error = await Assert.ThrowsAsync<UserException>(() => CreateAsync("slurm"));

        Assert.Equal($"{path} has problems in its \"slurm\" section:", error.Message);
        Assert.Equal(ExitCodes.UserError, error.ExitCode);
        Assert.Collection(
            error.Details,
            p => Assert.StartsWith("slurm.sharedDirectroy is not a setting of the slurm backend (did you mean sharedDirectory?)", p),
            p => Assert.Equal("slurm.maxArraySize must be a whole number, not the string \"many\".", p));
    }

    [Fact]
    public async Task A_bad_value_is_named_in_the_singular_with_what_is_valid()
    {
        var path = WriteConfig("""{ "slurm": { "sharedDirectory": "/scratch/exp", "concurrency": 0 } }""");

        var error = await Assert.ThrowsAsync<UserException>(() => CreateAsync("slurm"));

        Assert.Equal($"{path} has a problem in its \"slurm\" section:", error.Message);
        Assert.Equal(["slurm.concurrency is 0; it must be at least 1 (leave it out for no cap)."], error.Details);
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("\"/scratch/exp\"", "the string \"/scratch/exp\"")]
    [InlineData("[]", "a list")]
    public async Task A_section_that_is_not_an_object_says_what_it_should_be(string json, string found)
    {
        var path = WriteConfig($$"""{ "slurm": {{json}} }""");

        var error = await Assert.ThrowsAsync<UserException>(() => CreateAsync("slurm"));

        Assert.Equal($"{path} has a problem in its \"slurm\" section:", error.Message);
        Assert.Equal([$"slurm must be an object of settings ({{ \"key\": value, … }}), not {found}."], error.Details);
    }

    [Fact]
    public async Task The_unedited_init_template_is_refused_on_its_shared_directory()
    {
        ConfigInitializer.AddSection(_repository, "slurm", SlurmConfig.Template);

        var error = await Assert.ThrowsAsync<UserException>(() => CreateAsync("slurm"));

        Assert.Equal(ExitCodes.UserError, error.ExitCode);
        Assert.StartsWith("slurm.sharedDirectory is 'CHANGE-ME", Assert.Single(error.Details));
    }

    [Fact]
    public async Task A_login_node_that_cannot_be_reached_is_the_backends_failure_with_exit_code_4()
    {
        WriteConfig($$"""{ "slurm": { "sharedDirectory": "/scratch/exp", "host": "{{UnreachableHost}}" } }""");

        var error = await Assert.ThrowsAsync<UserException>(() => CreateAsync("slurm"));

        Assert.Equal(ExitCodes.BackendFailed, error.ExitCode);
        Assert.StartsWith($"The slurm backend could not start: `scontrol show config` failed on ssh {UnreachableHost}", error.Message);
    }

    [Fact]
    public async Task A_valid_section_becomes_the_backends_options()
    {
        // maxArraySize set: no scontrol; the partition's size is asked for but may be unknown.
        WriteConfig($$"""
            {
              "slurm": {
                "sharedDirectory": "/scratch/exp",
                "host": "{{UnreachableHost}}",
                "partition": "gpu",
                "maxArraySize": 500,
              },
            }
            """);

        await using var backend = await CreateAsync("slurm");

        var slurm = Assert.IsType<SlurmBackend>(backend);
        Assert.Equal(("/scratch/exp", UnreachableHost, "gpu", (int?)500), (slurm.Options.SharedDirectory, slurm.Options.Host, slurm.Options.Partition, slurm.Options.MaxArraySize));
        Assert.Equal(500, slurm.Limits.MaxArraySize);
    }

    [Fact]
    public async Task The_local_backend_needs_no_config_file()
    {
        await using var backend = await CreateAsync("local");

        Assert.IsType<LocalBackend>(backend);
    }

    [Fact]
    public async Task The_local_section_sets_how_many_workers_run_and_the_command_line_overrides_it()
    {
        WriteConfig("""{ "local": { "parallel": 3 } }""");

        await using var configured = await CreateAsync("local", parallel: null);
        await using var overridden = await CreateAsync("local", parallel: 1);

        Assert.Equal(3, Assert.IsType<LocalBackend>(configured).Options.Parallelism);
        Assert.Equal(3, configured.Concurrency);
        Assert.Equal(1, Assert.IsType<LocalBackend>(overridden).Options.Parallelism);
    }

    [Fact]
    public async Task The_local_section_refuses_unknown_keys_and_bad_values_naming_the_file_and_valid_keys()
    {
        var path = WriteConfig("""{ "local": { "paralel": 3, "cancelGrace": "5s" } }""");
        var misspelt = await Assert.ThrowsAsync<UserException>(() => CreateAsync("local"));
        WriteConfig("""{ "local": { "parallel": 0 } }""");
        var zero = await Assert.ThrowsAsync<UserException>(() => CreateAsync("local"));

        Assert.Equal($"{path} has problems in its \"local\" section:", misspelt.Message);
        Assert.Equal(ExitCodes.UserError, misspelt.ExitCode);
        Assert.Equal(
            ["local.paralel is not a setting of the local backend (did you mean parallel?). Valid keys: parallel.",
             "local.cancelGrace is not a setting of the local backend. Valid keys: parallel."],
            misspelt.Details);
        Assert.StartsWith("local.parallel is 0; it must be at least 1", Assert.Single(zero.Details));
    }

    [Fact]
    public void An_unknown_backend_name_lists_the_valid_ones()
    {
        var error = Assert.Throws<UserException>(() => BackendCatalog.Validate("slrum"));

        Assert.Equal("Unknown backend 'slrum'. Valid backends: aws-batch, azure-batch, gcp-batch, local, slurm.", error.Message);
    }

    public void Dispose() => _temp.Dispose();

    private string WriteConfig(string text)
    {
        var path = Path.Combine(_repository, ExperimentsConfig.FileName);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<Experiments.Backends.IExperimentBackend> CreateAsync(string backend, int? parallel = 1) =>
        BackendCatalog.CreateAsync(
            backend,
            new BackendSetup(new BackendSettings(Parallel: parallel), ExperimentsConfig.Load(_repository, BackendCatalog.Names)),
            TestContext.Current.CancellationToken);
}
