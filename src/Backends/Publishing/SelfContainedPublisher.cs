using System.Security.Cryptography;
using System.Text;

namespace Experiments.Backends.Publishing;

/// <summary>
/// Publishes the experiment project self-contained for the machines the tasks run on, so a cluster node or a container
/// needs no .NET installed. Publishing takes tens of seconds, so the result is kept in
/// <c>{project}/.experiments/publish/{rid}-{configuration}[-{properties hash}]/</c> and reused for as long as the build
/// output it was published from has the same content hash.
/// </summary>
public static class SelfContainedPublisher
{
    public const string LinuxX64 = "linux-x64";

    private const string AppFolder = "app";
    private const string SourceFile = "published-from.txt";

    /// <summary>The third line of <see cref="SourceFile"/>: the publish left out what <see cref="WorkerTrimming"/> removes
    /// (a publish kept from before that has two lines, and is published again).</summary>
    private const string TrimmedMark = "trimmed-2";

    /// <param name="request">The built app and its project; <see cref="PackageRequest.ProjectFile"/> is required.</param>
    /// <param name="runtimeIdentifier">Where it runs: <see cref="LinuxX64"/> for Slurm nodes and container images.</param>
    /// <param name="extraProperties">MSBuild properties as <c>Name=Value</c> (they change what is published, so the cache is per set).</param>
    public static async Task<PublishedApp> PublishAsync(
        PackageRequest request, string runtimeIdentifier, IReadOnlyList<string> extraProperties, CancellationToken cancellationToken)
    {
        var project = request.ProjectFile
            ?? throw new InvalidOperationException("Publishing needs the project file; this request only names a built folder.");
        if (!File.Exists(project))
            throw new FileNotFoundException($"The project {project} does not exist.", project);
        foreach (var property in extraProperties)
        {
            if (!property.Contains('=') || property.StartsWith('='))
                throw new ArgumentException($"'{property}' is not an MSBuild property of the form Name=Value.", nameof(extraProperties));
        }

        var cache = CacheDirectory(project, runtimeIdentifier, request.Configuration, extraProperties);
        var app = Path.Combine(cache, AppFolder);
        var source = PackageHasher.Hash(request.AppDirectory, cancellationToken);
        var sourceFile = Path.Combine(cache, SourceFile);
        // The file holds the build's id, the published folder's and the trimmed mark, so a reused publish is not hashed again.
        if (Directory.Exists(app) && File.Exists(sourceFile) && File.ReadAllLines(sourceFile) is [var from, var id, TrimmedMark] && from == source)
        {
            request.Progress?.Invoke($"self-contained app for {runtimeIdentifier} already published from this build ({ByteSize.Format(ByteSize.OfDirectory(app))})");
            return new PublishedApp(app, id, request.AssemblyName);
        }

        // A fresh folder each time: publishing over an old one would keep files the app no longer has, and change the id.
        Directory.CreateDirectory(cache);
        request.Progress?.Invoke($"publishing self-contained app for {runtimeIdentifier}…");
        var partial = Path.Combine(cache, $"{AppFolder}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var leaveOut = Path.Combine(cache, "leave-out-code-coverage.targets");
        File.WriteAllText(leaveOut, WorkerTrimming.LeaveOutCodeCoverageTargets);
        try
        {
            List<string> options =
            [
                "-c", request.Configuration, "-r", runtimeIdentifier, "--self-contained", "-o", partial, "-nologo",
                WorkerTrimming.PublishProperty,
                $"-p:CustomAfterMicrosoftCommonTargets={leaveOut}",
                .. extraProperties.Select(p => $"-p:{p}"),
            ];
            await DotnetPublish.RunAsync(project, options, null, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(Path.Combine(partial, request.AssemblyName)))
                throw new PublishFailedException($"dotnet publish produced no apphost {request.AssemblyName} in {partial}; is {Path.GetFileName(project)} an executable (OutputType Exe)?");
            WorkerTrimming.RemoveTestPlatform(partial, request.AssemblyName);
            if (File.Exists(sourceFile))
                File.Delete(sourceFile);
            if (Directory.Exists(app))
                Directory.Delete(app, recursive: true);
            Directory.Move(partial, app);
        }
        finally
        {
            if (Directory.Exists(partial))
                Directory.Delete(partial, recursive: true);
        }
        var packageId = PackageHasher.Hash(app, cancellationToken);
        File.WriteAllLines(sourceFile, [source, packageId, TrimmedMark]);
        request.Progress?.Invoke($"published self-contained app for {runtimeIdentifier}: {ByteSize.Format(ByteSize.OfDirectory(app))}");
        return new PublishedApp(app, packageId, request.AssemblyName);
    }

    /// <summary>Where a project's publish for one runtime, configuration and property set is kept.</summary>
    public static string CacheDirectory(string projectFile, string runtimeIdentifier, string configuration, IReadOnlyList<string> extraProperties)
    {
        var name = $"{runtimeIdentifier}-{configuration.ToLowerInvariant()}";
        if (extraProperties.Count > 0)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', extraProperties)));
            name += "-" + Convert.ToHexStringLower(hash)[..8];
        }
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectFile))!, ".experiments", "publish", name);
    }
}
