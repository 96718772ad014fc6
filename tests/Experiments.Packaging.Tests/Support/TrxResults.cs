using System.Xml.Linq;

namespace Experiments.Packaging.Tests.Support;

/// <summary>The test results of a VSTest TRX file: one entry per executed test.</summary>
internal static class TrxResults
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public sealed record Result(string ClassName, string MethodName, string DisplayName, string Outcome);

    public static IReadOnlyList<Result> Read(string path)
    {
        var document = XDocument.Load(path);
        var methods = document.Descendants(Ns + "UnitTest").ToDictionary(
            test => (string)test.Attribute("id")!,
            test => test.Element(Ns + "TestMethod")!);
        return document.Descendants(Ns + "UnitTestResult")
            .Select(result =>
            {
                var method = methods[(string)result.Attribute("testId")!];
                return new Result(
                    (string)method.Attribute("className")!,
                    (string)method.Attribute("name")!,
                    (string)result.Attribute("testName")!,
                    (string)result.Attribute("outcome")!);
            })
            .ToArray();
    }
}
