using Experiments.Packaging.Tests.Support;
using Experiments.TestSupport;

namespace Experiments.Packaging.Tests.Package;

/// <summary>
/// A project as a user writes it: an xunit v3 test project in a directory of its own, referencing the package by
/// PackageReference from a nuget.config that lists the test's feed and nuget.org.
/// </summary>
public sealed class UserProject : IDisposable
{
    private readonly TempDirectory _temp = new("user-project");

    public UserProject(PackageFeed feed)
    {
        ConsumerFiles.WriteIsolation(_temp.Path);
        Directory.CreateDirectory(ProjectDirectory);
        ConsumerFiles.WriteNuGetConfig(ProjectDirectory, ConsumerFiles.FeedAndNuGetOrg(feed));
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Experiments" Version="{feed.Version}" />
                <PackageReference Include="xunit.v3" Version="3.2.2" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(ProjectDirectory, "Sweep.cs"), """
            using Experiments;
            using Xunit;

            namespace Consumer;

            public enum Shape { Circle, Square }

            public class Sweep
            {
                [Experiment]
                public double Area([Grid(1.0, 2.0, 3.0)] double size, Shape shape, [Replicates(2)] int replicate, ExperimentContext context)
                    => shape == Shape.Circle ? Math.PI * size * size : size * size;

                [Experiment(Explicit = false)]
                public void Positive([Range(1, 4, 1)] int n) => Assert.True(n > 0);
            }
            """);
    }

    public string ProjectDirectory => _temp.Combine("Consumer");

    public string ProjectFile => Path.Combine(ProjectDirectory, "Consumer.csproj");

    public string OutputDirectory => Path.Combine(ProjectDirectory, "bin", "Release", "net10.0");

    public Task BuildAsync() =>
        Dotnet.RunAsync(ProjectDirectory, PackageFeed.Isolated, "build", ProjectFile, "-c", "Release", "-nologo");

    public void Dispose() => _temp.Dispose();
}
