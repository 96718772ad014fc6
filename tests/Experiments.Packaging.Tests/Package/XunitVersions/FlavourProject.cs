using Experiments.Packaging.Tests.Support;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.Package.XunitVersions;

/// <summary>
/// A user's experiment project on one <see cref="XunitFlavour"/>: the package from the test feed, the flavour's xunit
/// packages (and global.json for Microsoft.Testing.Platform), two experiments, built (Release) once for all the tests of
/// that flavour. <c>Area</c> has 6 points, one failing on purpose, above a discovery limit of 4; <c>Positive</c> has 3
/// and is not explicit.
/// </summary>
public abstract class FlavourProject(PackageFeed feed, XunitFlavour flavour) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("flavour-" + flavour.Name);

    public const string DiscoveryLimit = "4";

    public XunitFlavour Flavour => flavour;

    public PackageFeed Feed => feed;

    public string ProjectDirectory => _temp.Combine("Consumer");

    public async ValueTask InitializeAsync()
    {
        WriteProject(_temp.Path, feed, flavour.PackageReferences, flavour.OnTestingPlatform);
        await Dotnet.RunAsync(ProjectDirectory, PackageFeed.Isolated, "build", "-c", "Release", "-nologo");
    }

    /// <summary>Writes the project into <c>Consumer/</c> under <paramref name="root"/>, as a user would set it up.</summary>
    public static void WriteProject(string root, PackageFeed feed, string packageReferences, bool onTestingPlatform)
    {
        var projectDirectory = Path.Combine(root, "Consumer");
        ConsumerFiles.WriteIsolation(root);
        Directory.CreateDirectory(projectDirectory);
        ConsumerFiles.WriteNuGetConfig(projectDirectory, ConsumerFiles.FeedAndNuGetOrg(feed));
        if (onTestingPlatform)
            File.WriteAllText(Path.Combine(projectDirectory, "global.json"), """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
        File.WriteAllText(Path.Combine(projectDirectory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ExperimentsDiscoveryLimit>{DiscoveryLimit}</ExperimentsDiscoveryLimit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Experiments" Version="{feed.Version}" />
                {packageReferences}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(projectDirectory, "Sweep.cs"), """
            using Experiments;
            using Xunit;

            namespace Consumer;

            public class Sweep
            {
                [Experiment]
                public double Area([Grid(1.0, 2.0, 3.0)] double size, [Replicates(2)] int replicate, ExperimentContext context)
                {
                    if (size == 3.0 && replicate == 1)
                        throw new InvalidOperationException("size 3, replicate 1 fails on purpose");
                    return size * size;
                }

                [Experiment(Explicit = false)]
                public void Positive([Range(1, 3, 1)] int n) => Assert.True(n > 0);
            }
            """);
    }

    /// <summary>Runs <c>dotnet test --no-build</c> with <paramref name="arguments"/> in the project; a failed run is a result, not an exception.</summary>
    public Task<ProcessResult> TestAsync(params IEnumerable<string> arguments) =>
        ProcessRunner.RunAsync(
            "dotnet",
            ["test", "-c", "Release", "--no-build", .. arguments],
            ProjectDirectory,
            PackageFeed.Isolated,
            TimeSpan.FromMinutes(5),
            TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class Xunit3OnVSTestProject(PackageFeed feed) : FlavourProject(feed, XunitFlavour.Xunit3OnVSTest);

public sealed class Xunit4OnVSTestProject(PackageFeed feed) : FlavourProject(feed, XunitFlavour.Xunit4OnVSTest);

public sealed class Xunit4OnTestingPlatformProject(PackageFeed feed) : FlavourProject(feed, XunitFlavour.Xunit4OnTestingPlatform);
