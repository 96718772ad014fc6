namespace Experiments.Packaging.Tests.Package;

/// <summary>The files around a user's project that every packaging test writes the same way.</summary>
internal static class ConsumerFiles
{
    /// <summary>The test's feed, then nuget.org: where a user's project restores the package and its dependencies from.</summary>
    public static (string Key, string Value)[] FeedAndNuGetOrg(PackageFeed feed) =>
        [("local", feed.FeedDirectory), ("nuget.org", "https://api.nuget.org/v3/index.json")];

    /// <summary>Empty Directory.Build/Packages files in <paramref name="root"/> stop MSBuild from finding strays in /tmp.</summary>
    public static void WriteIsolation(string root)
    {
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />");
    }

    /// <summary>A nuget.config in <paramref name="directory"/> listing only <paramref name="sources"/>, in order.</summary>
    public static void WriteNuGetConfig(string directory, params (string Key, string Value)[] sources)
    {
        var entries = string.Concat(sources.Select(s => $"\n    <add key=\"{s.Key}\" value=\"{s.Value}\" />"));
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />{entries}
              </packageSources>
            </configuration>
            """);
    }
}
