using Experiments.Backends;
using Experiments.Backends.Publishing;
using Experiments.Schema;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Projects;

/// <summary>
/// Builds the experiment project and reads the manifest its build wrote next to the assembly. The tool plans from the
/// manifest alone; it never loads user code.
/// </summary>
public static class ProjectBuilder
{
    public static async Task<BuiltProject> BuildAsync(string projectFile, string configuration, CancellationToken cancellationToken)
    {
        var projectDirectory = Path.GetDirectoryName(projectFile)!;
        // -t:Build with -getProperty builds, prints only errors, and then the evaluated TargetPath on stdout.
        var result = await ExternalProcess.RunAsync(
            DotnetHost.Find(),
            ["build", projectFile, "-c", configuration, "-t:Build", "-getProperty:TargetPath", "-nologo"],
            cancellationToken,
            projectDirectory)
            ?? throw new UserException("Cannot start 'dotnet' to build the project; is the .NET SDK installed and on PATH?");

        if (result.ExitCode != 0)
        {
            var errors = BuildErrors.Extract(result.Output, projectDirectory);
            var shown = errors.Count > 0
                ? errors.Take(BuildErrors.MaxShown).Concat(errors.Count > BuildErrors.MaxShown ? [$"… and {errors.Count - BuildErrors.MaxShown} more"] : []).ToArray()
                : LastLines(result.Output, 20);
            throw new UserException(
                $"{Path.GetFileName(projectFile)} does not build ({errors.Count} error{(errors.Count == 1 ? "" : "s")}); fix these and run again:",
                shown,
                ExitCodes.BuildFailed);
        }

        var targetPath = result.StandardOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        if (string.IsNullOrEmpty(targetPath) || !File.Exists(targetPath))
        {
            throw new UserException(
                $"Built {Path.GetFileName(projectFile)}, but could not find its assembly (TargetPath '{targetPath}'). A project that targets several frameworks is not supported yet; set one <TargetFramework>.");
        }
        var built = Load(projectFile, targetPath, configuration);
        BuiltTargetCache.Write(projectFile, configuration, targetPath);
        return built;
    }

    /// <summary>Finds the assembly of a project built before (<c>--no-build</c>): evaluation only, no compile.</summary>
    public static async Task<BuiltProject> FindBuiltAsync(string projectFile, string configuration, CancellationToken cancellationToken)
    {
        if (BuiltTargetCache.TryRead(projectFile, configuration) is { } remembered)
            return Load(projectFile, remembered, configuration);
        var result = await ExternalProcess.RunAsync(
            DotnetHost.Find(),
            ["msbuild", projectFile, "-getProperty:TargetPath", $"-p:Configuration={configuration}", "-nologo"],
            cancellationToken,
            Path.GetDirectoryName(projectFile)!)
            ?? throw new UserException("Cannot start 'dotnet' to evaluate the project; is the .NET SDK installed and on PATH?");
        var targetPath = result.StandardOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        if (result.ExitCode != 0 || string.IsNullOrEmpty(targetPath))
        {
            throw new UserException(
                $"Cannot evaluate {Path.GetFileName(projectFile)}:",
                BuildErrors.Extract(result.Output, Path.GetDirectoryName(projectFile)!).DefaultIfEmpty(result.Output.Trim()).ToArray());
        }
        if (!File.Exists(targetPath))
            throw new UserException($"--no-build: {Path.GetFileName(projectFile)} is not built in {configuration} yet ({Path.GetFileName(targetPath)} does not exist). Run without --no-build.");
        var built = Load(projectFile, targetPath, configuration);
        BuiltTargetCache.Write(projectFile, configuration, targetPath);
        return built;
    }

    /// <summary>Reads the manifest of an already built assembly.</summary>
    public static BuiltProject Load(string projectFile, string targetPath, string configuration)
    {
        var outputDirectory = Path.GetDirectoryName(targetPath)!;
        var manifestPath = Path.Combine(outputDirectory, ManifestModel.FileName);
        var name = Path.GetFileName(projectFile);
        if (!File.Exists(manifestPath))
        {
            var referencesExperiments = File.Exists(Path.Combine(outputDirectory, "Experiments.dll"));
            throw new UserException(referencesExperiments
                ? $"{name} has no experiments. Mark a method [Experiment] and give its parameters [Grid(...)], [Range(...)] or [Replicates(n)]."
                : $"{name} does not reference the Experiments package, so it has no experiments (no {ManifestModel.FileName} next to {Path.GetFileName(targetPath)}). Add <PackageReference Include=\"Experiments\" /> and mark a method [Experiment].");
        }

        var text = File.ReadAllText(manifestPath);
        ManifestModel manifest;
        try
        {
            manifest = Manifest.Parse(text, ManifestModel.FileName);
        }
        catch (InvalidDataException e)
        {
            throw new UserException(e.Message);
        }
        if (manifest.Experiments.Count == 0)
            throw new UserException($"{name} has no experiments. Mark a method [Experiment].");
        return new BuiltProject(projectFile, targetPath, configuration, manifest, text);
    }

    private static string[] LastLines(string output, int count) =>
        output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).TakeLast(count).ToArray();
}
