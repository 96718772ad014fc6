using System.Text.RegularExpressions;
using Experiments.TestSupport;

namespace Experiments.Tool.Tests.Unit;

/// <summary>What a newcomer copies from the README must be what the repository really has.</summary>
public partial class ReadmeTests
{
    [Fact]
    public void The_30_second_example_is_the_flagship_sample_s_own_experiment()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var example = CodeBlocks().Matches(readme).Select(m => m.Groups[1].Value).First();
        var sample = File.ReadAllText(Path.Combine(RepositoryPaths.Sample("PhaseTransition"), "PhaseTransition.cs"));

        Assert.Equal(Comparable(Method(sample, "public Outcome Run(")), Comparable(Method(example, "public Outcome Run(")));
        Assert.Equal(Comparable(Line(sample, "public const int SignalLength")), Comparable(Line(example, "public const int SignalLength")));
    }

    [Fact]
    public void The_hand_written_project_files_are_the_ones_the_template_makes()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).Replace("\r\n", "\n");
        var template = Path.Combine(RepositoryPaths.Root, "nuget", "templates", "experiments");
        var xml = XmlBlocks().Matches(readme).Select(m => m.Groups[1].Value).ToArray();
        var json = JsonBlocks().Matches(readme).Select(m => m.Groups[1].Value).ToArray();

        var csproj = Assert.Single(xml, b => b.Contains("<Project Sdk=", StringComparison.Ordinal));
        Assert.Equal(
            PackageVersion().Replace(File.ReadAllText(Path.Combine(template, "MyStudy.csproj")).Replace("\r\n", "\n"), "Version=\"V\""),
            PackageVersion().Replace(csproj, "Version=\"V\""));

        // The template's nuget.config with its feed option given: the source, without the template's comments and conditions.
        var config = Assert.Single(xml, b => b.Contains("<packageSources>", StringComparison.Ordinal));
        var made = XmlComment().Replace(File.ReadAllText(Path.Combine(template, "nuget.config")), "")
            .Replace("EXPERIMENTS_FEED", "/path/to/the/clone/nuget/feed");
        Assert.Equal(Comparable(made), Comparable(config));

        Assert.Contains(Comparable(File.ReadAllText(Path.Combine(template, "global.json"))), json.Select(Comparable));
        // The point the README runs with dotnet test is a point of the template's experiment.
        Assert.Contains("[Grid(10, 100, 1000)] int samples", File.ReadAllText(Path.Combine(template, "Study.cs")), StringComparison.Ordinal);
        Assert.Contains("--filter \"Point=samples\\=100;noise\\=1.5;replicate\\=2\"", readme, StringComparison.Ordinal);
    }

    [GeneratedRegex("```xml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex XmlBlocks();

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlocks();

    [GeneratedRegex("Version=\"[^\"]*\"(?= />\\n    <!-- dotnet test)")]
    private static partial Regex PackageVersion();

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex XmlComment();

    /// <summary>From the attribute line above <paramref name="signature"/> to the method's closing brace.</summary>
    private static string Method(string source, string signature)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith(signature, StringComparison.Ordinal));
        Assert.True(start > 0, $"'{signature}' not found");
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        var end = Array.FindIndex(lines, start, l => l == new string(' ', indent) + "}");
        return string.Join('\n', lines[(start - 1)..(end + 1)]);
    }

    private static string Line(string source, string start) =>
        source.Split('\n').Single(l => l.TrimStart().StartsWith(start, StringComparison.Ordinal));

    /// <summary>The code without comments and with white space folded: what the compiler sees.</summary>
    private static string Comparable(string code) =>
        Whitespace().Replace(LineComment().Replace(code, ""), " ").Trim();

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlocks();

    [GeneratedRegex("//[^\\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
