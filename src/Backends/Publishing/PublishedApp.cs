namespace Experiments.Backends.Publishing;

/// <summary>An app published self-contained, ready to copy where the tasks run.</summary>
/// <param name="Directory">The published folder (the apphost, the runtime, the app and its manifest).</param>
/// <param name="PackageId">The content hash of that folder (<see cref="PackageHasher"/>): the package id.</param>
/// <param name="AssemblyName">The app's assembly name: the apphost's file name.</param>
public sealed record PublishedApp(string Directory, string PackageId, string AssemblyName);
