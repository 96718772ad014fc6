using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Tool.Projects;

/// <summary>An experiment project after a successful build: where it is, what it built, and its manifest.</summary>
/// <param name="ProjectFile">The project file's full path.</param>
/// <param name="TargetPath">The built assembly's full path.</param>
/// <param name="Configuration">The configuration it was built in.</param>
/// <param name="Manifest">The manifest the build wrote next to the assembly.</param>
/// <param name="ManifestText">The manifest's exact text (journaled with a run, so resume can map old indexes to keys).</param>
public sealed record BuiltProject(
    string ProjectFile,
    string TargetPath,
    string Configuration,
    ManifestModel Manifest,
    string ManifestText)
{
    public string ProjectDirectory => Path.GetDirectoryName(ProjectFile)!;

    public string OutputDirectory => Path.GetDirectoryName(TargetPath)!;

    public string ManifestPath => Path.Combine(OutputDirectory, ManifestModel.FileName);

    public string Name => Path.GetFileNameWithoutExtension(ProjectFile);

    public IReadOnlyList<ExperimentDescriptor> Experiments { get; } = Schema.Manifest.Descriptors(Manifest);

    public ManifestExperiment ManifestOf(ExperimentDescriptor experiment) =>
        Manifest.Experiments.Single(e => e.Name == experiment.Name);
}
