using Experiments.Packaging.Tests.Support;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.InRepo;

/// <summary>
/// The manifest targets as the in-repo wiring runs them (the package runs the same targets): a project whose
/// assembly carries a hand-written manifest constant and no experiments, so the generator adds nothing and each step
/// controls exactly what the manifest must be. One project goes through a developer's day of builds, because every
/// fresh copy costs a full build of the repository's projects.
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

        // Publishing (what a backend ships) carries the manifest next to the app.
        var published = Path.Combine(project.ArtifactsPath, "published");
        await Dotnet.RunAsync(project.ProjectDirectory, project.BuildEnvironment,
            "publish", project.ProjectFile, "-c", "Release", "-o", published, "-nologo");
        Assert.Equal(first.Content, File.ReadAllText(Path.Combine(published, ManifestFileName)));
        Assert.Equal(first, BuiltFile.Read(manifest));

        // The code changed but not the experiments: the assembly is new, the manifest is not.
        var assemblyBefore = File.GetLastWriteTimeUtc(assembly);
        File.WriteAllText(Path.Combine(project.ProjectDirectory, "Extra.cs"),
            "namespace HandWritten; public static class Extra { public static int Three => 3; }");
        await project.BuildAsync();
        Assert.NotEqual(assemblyBefore, File.GetLastWriteTimeUtc(assembly));
        Assert.Equal(first, BuiltFile.Read(manifest));

        // The manifest changed: it is rewritten, and recorded as a build output so `dotnet clean` removes it.
        ReplaceInConstant(project, "HandWrittenManifest", "Renamed");
        await project.BuildAsync();
        var changed = BuiltFile.Read(manifest);
        Assert.Contains("\"assembly\":\"Renamed\"", changed.Content);
        Assert.Equal(ConstantIn(project), changed.Content);
        var cleanList = File.ReadAllLines(Directory.GetFiles(
            Path.Combine(project.ArtifactsPath, "obj", "HandWrittenManifest"), "*.FileListAbsolute.txt", SearchOption.AllDirectories).Single());
        Assert.Contains(Path.GetFullPath(manifest), cleanList);
        Assert.Equal(3, cleanList.Count(line => line.Contains(ManifestFileName, StringComparison.Ordinal))); // bin, obj, stamp

        // No experiments any more: no manifest, and no error.
        File.Delete(Path.Combine(project.ProjectDirectory, "ManifestConstant.cs"));
        await project.BuildAsync();
        Assert.False(File.Exists(manifest), "The manifest of a project without experiments must be removed.");
        Assert.Empty(Directory.GetFiles(Path.Combine(project.ArtifactsPath, "obj", "HandWrittenManifest"), ManifestFileName, SearchOption.AllDirectories));
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
