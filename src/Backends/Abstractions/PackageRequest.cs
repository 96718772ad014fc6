namespace Experiments.Backends;

/// <summary>What to package: a built (or published) app folder with its <c>experiments.manifest.json</c>.</summary>
/// <param name="AppDirectory">The folder holding the app's assembly, its dependencies and the manifest.</param>
/// <param name="AssemblyName">The app's assembly name without extension (the manifest's <c>assembly</c>).</param>
public sealed record PackageRequest(string AppDirectory, string AssemblyName);

/// <summary>The app, ready where the tasks run.</summary>
/// <param name="Id">Content hash of the app's files and manifest: the same build gives the same id on every machine.</param>
/// <param name="Location">Where the package is: for local, the app folder itself; for the cloud, an image reference.</param>
/// <param name="AssemblyName">The app's assembly name without extension.</param>
public sealed record PreparedPackage(string Id, string Location, string AssemblyName);
