using Experiments.Generator.Parsing;

namespace Experiments.Generator.Tests.Parsing;

/// <summary>JSON property names, source paths and experiment names.</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("SuccessRate", "successRate")]
    [InlineData("URLValue", "urlValue")]
    [InlineData("ID", "id")]
    [InlineData("X", "x")]
    [InlineData("IOStream", "ioStream")]
    [InlineData("already", "already")]
    [InlineData("Item1", "item1")]
    public void CamelCaseMatchesSystemTextJson(string name, string expected)
    {
        Assert.Equal(expected, CamelCase.Convert(name));
        Assert.Equal(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name), CamelCase.Convert(name));
    }

    [Theory]
    [InlineData("/repo/samples/Phase/PhaseTransition.cs", "/repo/samples/Phase/", "PhaseTransition.cs")]
    [InlineData("/repo/samples/Phase/Studies/Run.cs", "/repo/samples/Phase", "Studies/Run.cs")]
    [InlineData("/repo/shared/Common.cs", "/repo/samples/Phase/", "../../shared/Common.cs")]
    [InlineData(@"C:\repo\Phase\Studies\Run.cs", @"c:\Repo\Phase\", "Studies/Run.cs")]
    [InlineData("/repo/Run.cs", null, "Run.cs")]
    [InlineData("Studies/Run.cs", "/repo/", "Studies/Run.cs")]
    public void SourcePathsAreRelativeWithForwardSlashes(string file, string? projectDir, string expected) =>
        Assert.Equal(expected, SourcePaths.Relative(file, projectDir));

    [Theory]
    [InlineData("Samples.PhaseTransition.Run", null)]
    [InlineData("sweep-2_v3", null)]
    [InlineData("Ünïcode.Name", null)]
    [InlineData("", "it is empty")]
    [InlineData("a b", "it contains white space")]
    [InlineData("a;b", "it contains ';'")]
    [InlineData("a/b", "it contains '/'")]
    [InlineData(".hidden", "it starts with '.' or '-', or ends with '.'")]
    public void ExperimentNames(string name, string? problem) => Assert.Equal(problem, ExperimentParser.NameProblem(name));
}
