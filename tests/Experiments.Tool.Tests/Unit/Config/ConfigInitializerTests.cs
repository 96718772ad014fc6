using System.Text.Json;
using Experiments.Backends.Configuration;
using Experiments.Backends.Slurm;
using Experiments.TestSupport;
using Experiments.Tool.Backends;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Tests.Unit.Config;

public sealed class ConfigInitializerTests : IDisposable
{
    private readonly TempDirectory _temp = new("config-init");
    private readonly string _repository;
    private readonly string _project;

    public ConfigInitializerTests()
    {
        _repository = _temp.Combine("repo");
        _project = _temp.Combine("repo", "src", "Sweeps");
        Directory.CreateDirectory(Path.Combine(_repository, ".git"));
        Directory.CreateDirectory(_project);
    }

    [Fact]
    public void Without_a_file_it_creates_one_at_the_repository_root_holding_the_section()
    {
        var written = ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template);

        Assert.Equal(Path.Combine(_repository, ExperimentsConfig.FileName), written);
        Assert.Equal("{\n" + SlurmConfig.Template.TrimEnd() + "\n}\n", File.ReadAllText(written));
        Approvals.Verify(File.ReadAllText(written), "ConfigInitializer.slurm");
        Assert.Empty(Directory.GetFiles(_repository, "*.partial"));
    }

    [Fact]
    public void The_created_file_loads_and_fails_only_on_the_shared_directory_left_to_change()
    {
        ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template);

        var section = ExperimentsConfig.Load(_project, BackendCatalog.Names).RequireSection("slurm");
        var error = Assert.Throws<ConfigException>(() => SlurmConfig.Bind(section));

        Assert.Equal(Path.Combine(_repository, ExperimentsConfig.FileName), error.File);
        Assert.StartsWith("slurm.sharedDirectory is 'CHANGE-ME", Assert.Single(error.Problems));
    }

    [Fact]
    public void The_created_file_with_the_shared_directory_filled_in_binds()
    {
        var path = ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template);
        File.WriteAllText(path, File.ReadAllText(path).Replace(
            "CHANGE-ME to an absolute path such as /scratch/your-name/experiments", "/scratch/alice/experiments", StringComparison.Ordinal));

        var options = SlurmConfig.Bind(ExperimentsConfig.Load(_project, BackendCatalog.Names).RequireSection("slurm"));

        // The other keys are commented examples: the cluster's defaults apply until they are uncommented.
        Assert.Equal("/scratch/alice/experiments", options.SharedDirectory);
        Assert.Equal((string?)null, options.Host ?? options.Partition ?? options.Account ?? options.Qos ?? options.TimeLimit);
        Assert.Null(options.MaxArraySize);
        Assert.Null(options.Concurrency);
        Assert.Empty(options.SbatchOptions);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ }\n")]
    [InlineData("\n{\n}\n")]
    [InlineData("// our settings\n{\n  // nothing yet\n}\n")]
    public void A_section_goes_into_an_empty_object_without_a_comma(string existing)
    {
        var path = Write(existing);

        ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template);

        var text = File.ReadAllText(path);
        var before = existing[..existing.LastIndexOf('}')].TrimEnd();
        Assert.Equal(before + "\n" + SlurmConfig.Template.TrimEnd() + "\n}\n", text);
        AssertSections(path, "slurm");
    }

    [Theory]
    [InlineData("{\n  \"local\": {}\n}\n", "{\n  \"local\": {},\n")]
    [InlineData("{\n  \"local\": {},\n}\n", "{\n  \"local\": {},\n")]
    [InlineData("{ \"local\": { } , }", "{ \"local\": { } ,\n")]
    [InlineData("{\r\n  \"local\": {}\r\n}\r\n", "{\r\n  \"local\": {},\n")]
    [InlineData("{ \"local\": {} /* nothing to set */ }", "{ \"local\": {}, /* nothing to set */\n")]
    public void A_section_goes_after_the_existing_members_with_exactly_one_comma(string existing, string expectedStart)
    {
        var path = Write(existing);

        ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template);

        Assert.Equal(expectedStart + SlurmConfig.Template.TrimEnd() + "\n}\n", File.ReadAllText(path));
        AssertSections(path, "local", "slurm");
    }

    [Fact]
    public void The_files_other_sections_and_comments_are_kept_byte_for_byte()
    {
        const string existing = """
            // Team settings: keep this comment.
            {
              "$schema": "https://example.org/experiments.schema.json",
              /* runs on laptops */
              "local": {
                // nothing to set
              }
            }

            """;
        var path = Write(existing);

        ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template);

        var text = File.ReadAllText(path);
        var kept = existing[..existing.LastIndexOf('}')].TrimEnd();
        Assert.StartsWith(kept + ",\n", text);
        Assert.EndsWith(SlurmConfig.Template.TrimEnd() + "\n}\n", text);
        AssertSections(path, "$schema", "local", "slurm");
    }

    [Fact]
    public void A_comment_after_the_last_member_does_not_swallow_the_comma()
    {
        var path = Write("{\n  \"local\": {} // the local backend needs nothing\n}\n");

        ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template);

        AssertSections(path, "local", "slurm");
        Assert.StartsWith("{\n  \"local\": {}, // the local backend needs nothing\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_file_found_in_the_project_folder_is_the_one_extended()
    {
        var own = Path.Combine(_project, ExperimentsConfig.FileName);
        File.WriteAllText(own, "{}");

        var written = ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template);

        Assert.Equal(own, written);
        Assert.False(File.Exists(Path.Combine(_repository, ExperimentsConfig.FileName)));
    }

    [Fact]
    public void It_refuses_to_add_a_section_that_is_there_and_leaves_the_file_alone()
    {
        const string existing = "{ \"slurm\": { \"sharedDirectory\": \"/scratch/mine\" } }";
        var path = Write(existing);

        var error = Assert.Throws<UserException>(() => ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template));

        Assert.Equal($"{path} already has a \"slurm\" section; edit it there (every key is described in the README).", error.Message);
        Assert.Equal(ExitCodes.UserError, error.ExitCode);
        Assert.Equal(existing, File.ReadAllText(path));
    }

    [Fact]
    public void It_refuses_to_extend_a_file_that_is_not_valid_json()
    {
        const string existing = "{ \"local\": { }\n  \"oops\"";
        var path = Write(existing);

        var error = Assert.Throws<UserException>(() => ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template));

        Assert.StartsWith($"{path} is not valid JSON (line 2)", error.Message);
        Assert.EndsWith("fix it before adding a section.", error.Message);
        Assert.Equal(existing, File.ReadAllText(path));
    }

    [Fact]
    public void It_refuses_to_extend_a_file_that_is_not_one_object()
    {
        var path = Write("[]");

        var error = Assert.Throws<UserException>(() => ConfigInitializer.AddSection(_project, "slurm", SlurmConfig.Template));

        Assert.Equal($"{path} must hold one JSON object; fix it before adding a section.", error.Message);
    }

    [Fact]
    public void Every_backend_with_a_template_adds_a_section_that_loads()
    {
        foreach (var name in BackendCatalog.Names)
        {
            if (BackendCatalog.Definition(name).ConfigTemplate is { } template)
                ConfigInitializer.AddSection(_project, name, template);
        }

        var config = ExperimentsConfig.Load(_project, BackendCatalog.Names);
        Assert.NotNull(config.Path);
        Assert.All(
            BackendCatalog.Names.Where(n => BackendCatalog.Definition(n).ConfigTemplate is not null),
            n => Assert.NotNull(config.Section(n)));
    }

    public void Dispose() => _temp.Dispose();

    private string Write(string text)
    {
        var path = Path.Combine(_repository, ExperimentsConfig.FileName);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The file parses as the tool reads it and holds exactly these sections, in order.</summary>
    private static void AssertSections(string path, params string[] sections)
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        Assert.Equal(sections, document.RootElement.EnumerateObject().Select(p => p.Name));
    }
}
