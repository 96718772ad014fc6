using Experiments.Packaging.Tests.Support;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.InRepo;

/// <summary>
/// The manifest targets as the in-repo wiring runs them (the package runs the same targets): a project whose
/// assembly carries a hand-written manifest constant, so each step controls exactly what the manifest must be.
/// </summary>
public sealed class ManifestBuildTests
{
    private const string ManifestFileName = "experiments.manifest.json";

    private static string AssetDirectory =>
        Path.Combine(RepositoryPaths.Root, "tests", "Experiments.Packaging.Tests", "Assets", "HandWrittenManifest");

    [Fact]
    public async Task The_manifest_follows_the_assembly_and_is_rewritten_only_when_its_content_changes()
    {
        using var project = FixtureProject.Copy(AssetDirectory);
        var output = project.OutputDirectory();
        var manifest = Path.Combine(output, ManifestFileName);
        var assembly = Path.Combine(output, "HandWrittenManifest.dll");

        await project.BuildAsync();
        var first = BuiltFile.Read(manifest);
        Assert.Equal(ConstantIn(project), first.Content);

        // Nothing changed: nothing is written.
        await project.BuildAsync();
        Assert.Equal(first, BuiltFile.Read(manifest));

        // The code changed but not the experiments: the assembly is new, the manifest is not.
        var assemblyBefore = File.GetLastWriteTimeUtc(assembly);
        File.WriteAllText(Path.Combine(project.ProjectDirectory, "Extra.cs"), "namespace HandWritten; public static class Extra { public static int Three => 3; }");
        await project.BuildAsync();
        Assert.NotEqual(assemblyBefore, File.GetLastWriteTimeUtc(assembly));
        Assert.Equal(first, BuiltFile.Read(manifest));

        // The manifest changed: it is rewritten.
        ReplaceInConstant(project, "HandWrittenManifest", "Renamed");
        await project.BuildAsync();
        var changed = BuiltFile.Read(manifest);
        Assert.Contains("\"assembly\":\"Renamed\"", changed.Content);
        Assert.Equal(ConstantIn(project), changed.Content);

        // No experiments any more: no manifest, and no error.
        File.Delete(Path.Combine(project.ProjectDirectory, "ManifestConstant.cs"));
        await project.BuildAsync();
        Assert.False(File.Exists(manifest), "The manifest of a project without experiments must be removed.");
        Assert.Empty(Directory.GetFiles(Path.Combine(project.ArtifactsPath, "obj"), ManifestFileName, SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Publish_carries_the_manifest_next_to_the_app()
    {
        using var project = FixtureProject.Copy(AssetDirectory);
        var publishDirectory = Path.Combine(project.ArtifactsPath, "published");

        await Dotnet.RunAsync(
            project.ProjectDirectory,
            project.BuildEnvironment,
            "publish", project.ProjectFile, "-c", "Release", "-o", publishDirectory, "-nologo");

        Assert.Equal(ConstantIn(project), File.ReadAllText(Path.Combine(publishDirectory, ManifestFileName)));
        Assert.True(File.Exists(Path.Combine(publishDirectory, "HandWrittenManifest.dll")));
    }

    [Fact]
    public async Task Clean_removes_the_manifest()
    {
        using var project = FixtureProject.Copy(AssetDirectory);
        var manifest = Path.Combine(project.OutputDirectory(), ManifestFileName);
        await project.BuildAsync();
        Assert.True(File.Exists(manifest));

        await Dotnet.RunAsync(project.ProjectDirectory, project.BuildEnvironment, "clean", project.ProjectFile, "-c", "Release", "-nologo");

        Assert.False(File.Exists(manifest));
    }

    /// <summary>The JSON text of the constant in the copy's ManifestConstant.cs (the asset writes it with \" escapes only).</summary>
    private static string ConstantIn(FixtureProject project)
    {
        var source = File.ReadAllText(Path.Combine(project.ProjectDirectory, "ManifestConstant.cs"));
        const string marker = "Json = \"";
        var start = source.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = source.IndexOf("\";", start, StringComparison.Ordinal);
        return source[start..end].Replace("\\\"", "\"");
    }

    private static void ReplaceInConstant(FixtureProject project, string oldValue, string newValue)
    {
        var path = Path.Combine(project.ProjectDirectory, "ManifestConstant.cs");
        File.WriteAllText(path, File.ReadAllText(path).Replace(oldValue, newValue, StringComparison.Ordinal));
    }
}
