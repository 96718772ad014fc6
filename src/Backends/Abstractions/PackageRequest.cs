namespace Experiments.Backends;

/// <summary>What to package: a built app folder with its <c>experiments.manifest.json</c>, and the project it came from.</summary>
/// <param name="AppDirectory">The folder holding the app's assembly, its dependencies and the manifest.</param>
/// <param name="AssemblyName">The app's assembly name without extension (the manifest's <c>assembly</c>).</param>
/// <param name="ProjectFile">The project's file: backends that ship the app elsewhere publish it from here (self-contained,
/// or as a container image); null when only the built folder is known (then only the local backend can use it).</param>
/// <param name="Configuration">The build configuration to publish in (Release, Debug).</param>
/// <param name="Progress">Where to tell the user what takes time (publishing, copying), one line at a time; the first
/// run on a cluster publishes and copies for many seconds, which must not look like a hang.</param>
public sealed record PackageRequest(
    string AppDirectory, string AssemblyName, string? ProjectFile = null, string Configuration = "Release", Action<string>? Progress = null);

/// <summary>The app, ready where the tasks run.</summary>
/// <param name="Id">Content hash of the app's files and manifest: the same build gives the same id on every machine.</param>
/// <param name="Location">Where the package is: for local, the app folder itself; for the cloud, an image reference.</param>
/// <param name="AssemblyName">The app's assembly name without extension.</param>
public sealed record PreparedPackage(string Id, string Location, string AssemblyName);
