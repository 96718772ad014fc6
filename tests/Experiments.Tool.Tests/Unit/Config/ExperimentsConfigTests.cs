using Experiments.TestSupport;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Tests.Unit.Config;

public sealed class ExperimentsConfigTests : IDisposable
{
    private static readonly string[] Backends = ["local", "slurm"];

    private readonly TempDirectory _temp = new("config");
    private readonly string _repository;
    private readonly string _project;

    public ExperimentsConfigTests()
    {
        _repository = _temp.Combine("repo");
        _project = _temp.Combine("repo", "src", "Sweeps");
        Directory.CreateDirectory(Path.Combine(_repository, ".git"));
        Directory.CreateDirectory(_project);
    }

    [Fact]
    public void The_file_nearest_the_project_wins()
    {
        Write(_repository, """{ "slurm": { "sharedDirectory": "/scratch/root" } }""");
        var nearest = Write(_project, """{ "slurm": { "sharedDirectory": "/scratch/project" } }""");

        var config = ExperimentsConfig.Load(_project, Backends);

        Assert.Equal(nearest, config.Path);
        Assert.Equal("/scratch/project", config.Section("slurm")!.String("sharedDirectory"));
    }

    [Fact]
    public void A_file_at_the_repository_root_serves_every_project_below_it()
    {
        var root = Write(_repository, """{ "slurm": { "sharedDirectory": "/scratch/root" } }""");

        var config = ExperimentsConfig.Load(_project, Backends);

        Assert.Equal(root, config.Path);
        Assert.Equal(root, ExperimentsConfig.Find(Path.Combine(_project, "..")));
    }

    [Fact]
    public void The_search_stops_at_the_repository_root()
    {
        Write(_temp.Path, """{ "slurm": { "sharedDirectory": "/scratch/outside" } }""");

        var config = ExperimentsConfig.Load(_project, Backends);

        Assert.Null(config.Path);
        Assert.Null(config.Section("slurm"));
        Assert.Equal(_project, config.SearchedFrom);
    }

    [Fact]
    public void A_git_file_of_a_worktree_or_submodule_also_marks_the_root()
    {
        var worktree = _temp.Combine("worktree");
        var project = Path.Combine(worktree, "src", "Sweeps");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(worktree, ".git"), "gitdir: ../repo/.git/worktrees/w\n");
        Write(_temp.Path, "{ \"slrum\": {} }");

        Assert.Null(ExperimentsConfig.Find(project));
        Assert.Equal(Path.Combine(worktree, ExperimentsConfig.FileName), ExperimentsConfig.DefaultLocation(project));
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        Write(_repository, """
            // Settings for the cluster.
            {
              /* the login node's scratch */
              "slurm": {
                "sharedDirectory": "/scratch/exp", // every node sees it
                "sbatchOptions": ["--constraint=avx2",],
              },
            }
            """);

        var section = ExperimentsConfig.Load(_project, Backends).Section("slurm")!;

        Assert.Equal("/scratch/exp", section.String("sharedDirectory"));
        Assert.Equal(["--constraint=avx2"], section.Strings("sbatchOptions"));
        Assert.Empty(section.Problems);
    }

    [Fact]
    public void A_section_the_tool_does_not_know_is_an_error_listing_the_valid_sections()
    {
        var path = Write(_repository, """{ "$schema": "https://example.org/experiments.schema.json", "slrum": { "sharedDirectory": "/x" } }""");

        var error = Assert.Throws<UserException>(() => ExperimentsConfig.Load(_project, Backends));

        Assert.Equal($"{path} has a section the tool does not know:", error.Message);
        Assert.Equal(["\"slrum\" is not a backend or a general section; valid sections: artifacts, local, slurm."], error.Details);
        Assert.Equal(ExitCodes.UserError, error.ExitCode);
    }

    [Fact]
    public void Every_unknown_section_is_listed()
    {
        var path = Write(_repository, """{ "slrum": {}, "aws": {}, "local": {} }""");

        var error = Assert.Throws<UserException>(() => ExperimentsConfig.Load(_project, Backends));

        Assert.Equal($"{path} has sections the tool does not know:", error.Message);
        Assert.Equal(2, error.Details.Count);
        Assert.StartsWith("\"aws\" is not a backend", error.Details[1]);
    }

    [Fact]
    public void Invalid_json_is_named_with_its_line_and_position()
    {
        var path = Write(_repository, "{\n  \"slurm\": {\n    \"sharedDirectory\": \"/scratch/exp\"\n    \"host\": \"login\"\n  }\n}\n");

        var error = Assert.Throws<UserException>(() => ExperimentsConfig.Load(_project, Backends));

        Assert.StartsWith($"{path} is not valid JSON (line 4, position 5): ", error.Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"slurm\"")]
    public void A_file_that_is_not_one_object_says_what_it_should_hold(string json)
    {
        var path = Write(_repository, json);

        var error = Assert.Throws<UserException>(() => ExperimentsConfig.Load(_project, Backends));

        Assert.Equal($"{path} must hold one JSON object with a section per backend, e.g. {{ \"slurm\": {{ … }} }}.", error.Message);
    }

    [Fact]
    public void A_section_is_read_with_the_file_and_its_name()
    {
        var path = Write(_repository, """{ "slurm": { "sharedDirectory": "/scratch/exp" } }""");
        var config = ExperimentsConfig.Load(_project, Backends);

        var section = config.RequireSection("slurm");

        Assert.Equal((path, "slurm"), (section.File, section.Name));
        Assert.Null(config.Section("local"));
    }

    [Fact]
    public void Without_a_file_the_required_section_says_where_it_looked_and_how_to_start_one()
    {
        var config = ExperimentsConfig.Load(_project, Backends);

        var error = Assert.Throws<UserException>(() => config.RequireSection("slurm"));

        Assert.Equal($"No experiments.json was found in {_project} or its parents up to the repository root, and the slurm backend needs its settings there.", error.Message);
        Assert.Equal(["Write a commented section to fill in with: dotnet experiment init --backend slurm"], error.Details);
        Assert.Equal(ExitCodes.UserError, error.ExitCode);
    }

    [Fact]
    public void Without_the_section_the_required_section_names_the_file_and_gives_the_init_command()
    {
        var path = Write(_repository, """{ "local": {} }""");
        var config = ExperimentsConfig.Load(_project, Backends);

        var error = Assert.Throws<UserException>(() => config.RequireSection("slurm"));

        Assert.Equal($"{path} has no \"slurm\" section, and the slurm backend needs its settings there.", error.Message);
        Assert.Contains("dotnet experiment init --backend slurm", Assert.Single(error.Details));
    }

    [Fact]
    public void The_default_location_is_the_repository_root_else_the_project_folder()
    {
        Assert.Equal(Path.Combine(_repository, "experiments.json"), ExperimentsConfig.DefaultLocation(_project));

        var outside = _temp.Combine("no-repo", "Sweeps");
        Directory.CreateDirectory(outside);
        // Only when no folder above holds .git (as in /tmp, normally) is the project's own folder the place.
        if (!AnyGitAbove(outside))
            Assert.Equal(Path.Combine(outside, "experiments.json"), ExperimentsConfig.DefaultLocation(outside));
    }

    public void Dispose() => _temp.Dispose();

    private static string Write(string directory, string text)
    {
        var path = Path.Combine(directory, ExperimentsConfig.FileName);
        File.WriteAllText(path, text);
        return path;
    }

    private static bool AnyGitAbove(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (Path.Exists(Path.Combine(current.FullName, ".git")))
                return true;
        }
        return false;
    }
}
