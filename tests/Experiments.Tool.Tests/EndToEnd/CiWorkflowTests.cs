using Experiments.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// samples/ci/experiments.yml cannot rot: it is parsed as YAML, checked to do what its README section promises, and
/// every <c>run:</c> step of its push job (none needs a cloud) runs in order, as GitHub's runner would run it, in a
/// fresh clone of a fixture repository that has the workflow and committed results.
/// </summary>
public class CiWorkflowTests
{
    private static string WorkflowPath => Path.Combine(RepositoryPaths.Root, "samples", "ci", "experiments.yml");

    private static YamlMappingNode Load() =>
        (YamlMappingNode)LoadStream().Documents[0].RootNode;

    private static YamlStream LoadStream()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(WorkflowPath));
        yaml.Load(reader);
        return yaml;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    private static IReadOnlyList<YamlMappingNode> Steps(YamlMappingNode workflow, string job) =>
        ((YamlSequenceNode)Map(Map(workflow, "jobs"), job)["steps"]).Children.Cast<YamlMappingNode>().ToArray();

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    [Fact]
    public void The_manual_job_runs_the_full_sweep_on_a_cloud_with_OIDC_credentials_and_opens_a_pull_request()
    {
        var workflow = Load();
        var full = Map(Map(workflow, "jobs"), "full");
        Assert.Equal("github.event_name == 'workflow_dispatch'", Text(full, "if"));
        Assert.Equal("write", Text(Map(full, "permissions"), "id-token"));
        var steps = Steps(workflow, "full");
        Assert.Contains(steps, s => Text(s, "run") is { } run && run.Contains("dotnet experiment run", StringComparison.Ordinal) && run.Contains("--backend \"${{ inputs.backend }}\"", StringComparison.Ordinal));
        var uses = steps.Select(s => Text(s, "uses")).OfType<string>().ToArray();
        Assert.Contains("aws-actions/configure-aws-credentials@v4", uses);
        Assert.Contains("azure/login@v2", uses);
        Assert.Contains("google-github-actions/auth@v2", uses);
        Assert.Contains("peter-evans/create-pull-request@v7", uses);
        var inputs = Map(Map(Map(workflow, "on"), "workflow_dispatch"), "inputs");
        Assert.Equal(["aws-batch", "azure-batch", "gcp-batch"], ((YamlSequenceNode)Map(inputs, "backend")["options"]).Children.Select(c => ((YamlScalarNode)c).Value));
    }

    [Fact]
    public async Task Every_run_step_of_the_push_job_passes_in_a_clone_of_a_repository_with_committed_results()
    {
        var workflow = Load();
        var steps = Steps(workflow, "slice");
        Assert.Equal("github.event_name != 'workflow_dispatch'", Text(Map(Map(workflow, "jobs"), "slice"), "if"));

        // The fixture repository: the Sweeps project, the workflow where GitHub looks for it, and results committed.
        using var fixture = FixtureProject.Copy(RepositoryPaths.Fixture("Sweeps"));
        File.WriteAllText(Path.Combine(fixture.ProjectDirectory, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <SweepsHandWrittenRegistry>false</SweepsHandWrittenRegistry>
              </PropertyGroup>
              <Import Project="../Directory.Build.props" />
            </Project>
            """);
        var origin = Path.GetDirectoryName(fixture.ProjectDirectory)!;
        Directory.CreateDirectory(Path.Combine(origin, ".github", "workflows"));
        File.Copy(WorkflowPath, Path.Combine(origin, ".github", "workflows", "experiments.yml"));
        File.WriteAllText(Path.Combine(origin, ".gitignore"), "artifacts/\n.experiments/\nbin/\nobj/\nreport/\n");
        var first = await new ToolRunner(fixture).RunAsync(TimeSpan.FromMinutes(8), "run", "Arithmetic.Sum", "-m", "committed results");
        Assert.True(first.ExitCode == 0, first.ToString());
        var originRepository = await GitRepository.InitAsync(origin);
        await originRepository.CommitAllAsync("Sweeps with committed results");

        using var clone = new TempDirectory("ci-clone");
        var checkout = clone.Combine("repo");
        var cloned = await ProcessRunner.RunAsync("git", ["clone", "--quiet", origin, checkout], clone.Path, timeout: TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(cloned.ExitCode == 0, cloned.ToString());
        var head = (await new GitRepository(checkout).RunAsync("rev-parse", "HEAD")).Trim();

        // `dotnet experiment` is `dotnet-experiment` on PATH: the tool built here stands in for the install step's package.
        var bin = clone.Combine("bin");
        Directory.CreateDirectory(bin);
        var shim = Path.Combine(bin, "dotnet-experiment");
        File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet '{ToolRunner.ToolPath}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in Map(workflow, "env").Children)
            environment[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value;
        // The env block is what a user edits for their experiment; here it names the fixture's.
        environment["EXPERIMENT"] = "Arithmetic.Sum";
        environment["PROJECT"] = "Sweeps";
        environment["SLICE"] = "a=1";
        environment["GITHUB_SHA"] = head;
        environment["GITHUB_PATH"] = clone.Combine("github_path");
        environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        environment["UseArtifactsOutput"] = "true";
        environment["ArtifactsPath"] = clone.Combine("artifacts");
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["CI"] = "true";

        var ran = new List<string>();
        foreach (var step in steps)
        {
            if (Text(step, "run") is not { } script)
                continue;
            var name = Text(step, "name") ?? script;
            if (Text(step, "id") == "tool")
            {
                Assert.Contains("dotnet tool install --global Experiments.Tool", script);
                continue;
            }
            // GitHub's default shell for run steps on Linux.
            var result = await ProcessRunner.RunAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], checkout, environment, TimeSpan.FromMinutes(8), TestContext.Current.CancellationToken);
            Assert.True(result.ExitCode == 0, $"step '{name}' failed:\n{result}");
            ran.Add(name);
        }

        Assert.Equal(["Run a slice of the sweep on the runner", "Gate — the slice reproduces the committed results", "Report"], ran);
        var artifact = Steps(workflow, "slice").Single(s => Text(s, "uses") == "actions/upload-artifact@v4");
        var uploaded = Path.Combine(checkout, Text(Map(artifact, "with"), "path")!);
        Assert.True(File.Exists(Path.Combine(uploaded, "index.html")), $"the artifact folder {uploaded} has no index.html");
        Assert.Contains("Arithmetic.Sum", File.ReadAllText(Path.Combine(uploaded, "README.md")));
        Assert.True(File.Exists(Path.Combine(checkout, "diff.md")));
    }
}
