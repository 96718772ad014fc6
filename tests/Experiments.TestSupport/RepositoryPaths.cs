namespace Experiments.TestSupport;

/// <summary>Where the repository and its parts are, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Fixture(string name) => Path.Combine(Root, "tests", "Fixtures", name);

    public static string Sample(string name) => Path.Combine(Root, "samples", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Experiments.sln")))
                return dir.FullName;
        }
        var fromBuild = typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (fromBuild is not null && File.Exists(Path.Combine(fromBuild, "Experiments.sln")))
            return Path.GetFullPath(fromBuild);
        // Tests built with --artifacts-path live outside the tree; the working directory is then the way back.
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Experiments.sln")))
                return dir.FullName;
        }
        var fromEnv = Environment.GetEnvironmentVariable("EXPERIMENTS_REPO_ROOT");
        if (fromEnv is not null && File.Exists(Path.Combine(fromEnv, "Experiments.sln")))
            return fromEnv;
        throw new InvalidOperationException(
            "Cannot find the repository root (Experiments.sln) above the test assembly or the working directory; set EXPERIMENTS_REPO_ROOT.");
    }
}
