namespace Experiments.Packaging.Tests.Package.XunitVersions;

/// <summary>
/// One combination of xunit.v3 version and .NET test platform a user may choose, as the package references (and
/// global.json) they would write for it.
/// </summary>
/// <param name="Name">A short name for folders and messages.</param>
/// <param name="PackageReferences">The test packages, as PackageReference elements.</param>
/// <param name="OnTestingPlatform">True when <c>dotnet test</c> runs the app on Microsoft.Testing.Platform (global.json's
/// <c>test.runner</c>), false for VSTest; the two take different options for the same things.</param>
public sealed record XunitFlavour(string Name, string PackageReferences, bool OnTestingPlatform)
{
    /// <summary>xunit.v3 3.2.2 on VSTest: the package's baseline.</summary>
    public static XunitFlavour Xunit3OnVSTest { get; } = new(
        "xunit3-vstest",
        """
        <PackageReference Include="xunit.v3" Version="3.2.2" />
        <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
        <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
        """,
        OnTestingPlatform: false);

    /// <summary>xunit.v3 4.x for a plain VSTest <c>dotnet test</c>.</summary>
    public static XunitFlavour Xunit4OnVSTest { get; } = new(
        "xunit4-vstest",
        """
        <PackageReference Include="xunit.v3.mtp-off" Version="4.0.3" />
        <PackageReference Include="xunit.runner.visualstudio" Version="4.0.1" />
        <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.12.0" />
        """,
        OnTestingPlatform: false);

    /// <summary>xunit.v3 4.x on Microsoft.Testing.Platform v2, as <c>dotnet new experiments</c> sets a project up.</summary>
    public static XunitFlavour Xunit4OnTestingPlatform { get; } = new(
        "xunit4-mtp",
        """
        <PackageReference Include="xunit.v3" Version="4.0.3" />
        """,
        OnTestingPlatform: true);

    /// <summary>Arguments that make <c>dotnet test</c> run explicit tests too (the IDE's "run this test").</summary>
    public IReadOnlyList<string> ExplicitOn => OnTestingPlatform ? ["--explicit", "on"] : ["--", "xUnit.Explicit=on"];

    /// <summary>Arguments that make <c>dotnet test</c> print every test's outcome and output.</summary>
    public IReadOnlyList<string> Detailed => OnTestingPlatform
        ? ["--output", "Detailed"]
        : ["--logger", "console;verbosity=detailed"];
}
