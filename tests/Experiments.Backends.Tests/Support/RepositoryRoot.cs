using System.Reflection;
using System.Runtime.CompilerServices;

namespace Experiments.Backends.Tests.Support;

/// <summary>
/// Built with <c>--artifacts-path</c>, this assembly runs outside the repository, where RepositoryPaths cannot find its
/// way back from the assembly or the working directory; it then reads EXPERIMENTS_REPO_ROOT, which this sets from
/// the root recorded at build time (unless the caller set it).
/// </summary>
internal static class RepositoryRoot
{
    [ModuleInitializer]
    internal static void PointRepositoryPathsAtTheTree()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("EXPERIMENTS_REPO_ROOT")))
            return;
        var root = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "Experiments.sln")))
            Environment.SetEnvironmentVariable("EXPERIMENTS_REPO_ROOT", root);
    }
}
