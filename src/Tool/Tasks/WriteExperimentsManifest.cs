using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Experiments.Tasks;

/// <summary>
/// Writes <c>experiments.manifest.json</c> from the manifest constant the generator compiled into the built assembly,
/// so the tool can plan a sweep without loading user code. An assembly without experiments gets no manifest (and a
/// stale one from an earlier build is removed). The file is rewritten only when its content changes.
/// </summary>
public sealed class WriteExperimentsManifest : Task
{
    /// <summary>The compiled assembly to read (normally <c>@(IntermediateAssembly)</c>).</summary>
    [Required]
    public string Assembly { get; set; } = "";

    /// <summary>Where the manifest goes.</summary>
    [Required]
    public string ManifestFile { get; set; } = "";

    /// <summary>True when the assembly has experiments (and so the manifest file exists after the task).</summary>
    [Output]
    public bool HasExperiments { get; private set; }

    /// <summary>True when the manifest file was created or its content changed.</summary>
    [Output]
    public bool Written { get; private set; }

    public override bool Execute()
    {
        if (!File.Exists(Assembly))
        {
            Log.LogError(null, "EXPB001", null, null, 0, 0, 0, 0,
                "Cannot write the experiments manifest: the built assembly '{0}' does not exist.", Assembly);
            return false;
        }

        string? manifest;
        try
        {
            manifest = ManifestConstantReader.Read(Assembly);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, "EXPB002", null, null, 0, 0, 0, 0, "Cannot read the experiments manifest: {0}", e.Message);
            return false;
        }

        try
        {
            if (manifest is null)
            {
                RemoveStaleManifest();
                return true;
            }
            HasExperiments = true;
            Written = FileContent.WriteIfChanged(ManifestFile, manifest);
            Log.LogMessage(
                MessageImportance.Low,
                Written ? "Wrote the experiments manifest '{0}'." : "The experiments manifest '{0}' is up to date.",
                ManifestFile);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, "EXPB003", null, null, 0, 0, 0, 0,
                "Cannot write the experiments manifest '{0}': {1}", ManifestFile, e.Message);
            return false;
        }
    }

    private void RemoveStaleManifest()
    {
        if (File.Exists(ManifestFile))
        {
            File.Delete(ManifestFile);
            Log.LogMessage(MessageImportance.Low, "'{0}' has no experiments; removed the stale manifest '{1}'.", Assembly, ManifestFile);
        }
        else
        {
            Log.LogMessage(MessageImportance.Low, "'{0}' has no experiments; no manifest is written.", Assembly);
        }
    }
}
