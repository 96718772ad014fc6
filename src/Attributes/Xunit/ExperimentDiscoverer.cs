using Experiments.Registry;
using Xunit.Sdk;
using Xunit.v3;
using TestCaseDetails = (
    string TestCaseDisplayName, bool Explicit, System.Type[]? SkipExceptions, string? SkipReason, System.Type? SkipType,
    string? SkipUnless, string? SkipWhen, string? SourceFilePath, int? SourceLineNumber, int Timeout, string UniqueID,
    Xunit.v3.IXunitTestMethod ResolvedTestMethod);

namespace Experiments.Xunit;

/// <summary>
/// Turns an <see cref="ExperimentAttribute"/> method into one test case per point, from the generated registry's
/// compile-time descriptor — never by running user code, so discovery costs the same for any grid. Above the project's
/// discovery limit it lists a sample spread over every axis and one entry that says how many points are not listed.
/// </summary>
/// <remarks>
/// xunit's <c>preEnumerateTheories</c> setting does not apply: it exists because theory data sources run user code,
/// and listing points runs none.
/// </remarks>
public sealed class ExperimentDiscoverer : IXunitTestCaseDiscoverer
{
    public ValueTask<IReadOnlyCollection<IXunitTestCase>> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        IXunitTestMethod testMethod,
        IFactAttribute factAttribute)
    {
        var details = TestIntrospectionHelper.GetTestCaseDetails(discoveryOptions, testMethod, factAttribute);
        var declaringType = testMethod.Method.DeclaringType ?? testMethod.TestClass.Class;
        var experiment = ExperimentRegistry.FindByMethod(declaringType, testMethod.Method.Name);
        if (experiment is null)
        {
            IXunitTestCase error = new ExecutionErrorTestCase(
                testMethod,
                details.TestCaseDisplayName,
                details.UniqueID,
                details.SourceFilePath,
                details.SourceLineNumber,
                $"[Experiment] method {declaringType.FullName}.{testMethod.Method.Name} has no generated code, so its points cannot be listed or run. The Experiments source generator did not run for this project or reported an error for this method: check the build output for EXP diagnostics (the project must reference the Experiments package, which adds the generator).");
            return new([error]);
        }

        var descriptor = experiment.Descriptor;
        if (details.SkipReason is not null && details.SkipUnless is null && details.SkipWhen is null)
            return new([SkippedExperiment(testMethod, details, descriptor)]);

        var limit = ExperimentRegistry.DiscoveryLimitOf(declaringType.Assembly);
        var testCases = new List<IXunitTestCase>();
        foreach (var index in DiscoverySample.Indexes(descriptor.PointCount, limit))
            testCases.Add(PointTestCase(testMethod, details, descriptor, index));
        var unlisted = DiscoverySample.Unlisted(descriptor.PointCount, limit);
        if (unlisted > 0)
            testCases.Add(UnlistedPoints(testMethod, details, descriptor, unlisted));
        return new(testCases);
    }

    private static ExperimentTestCase PointTestCase(
        IXunitTestMethod testMethod, TestCaseDetails details, ExperimentDescriptor descriptor, long index)
    {
        var key = descriptor.KeyOf(index);
        var traits = Traits(testMethod, descriptor);
        traits[ExperimentTraits.Point] = [key];
        return new ExperimentTestCase(
            testMethod,
            PointDisplayName.Format(details.TestCaseDisplayName, descriptor, index),
            UniqueIDGenerator.ForTestCase(((ITestMethodMetadata)testMethod).UniqueID, null, [key]),
            details.Explicit,
            descriptor.Name,
            key,
            traits,
            details.SkipReason,
            details.SkipType,
            details.SkipUnless,
            details.SkipWhen,
            details.SkipExceptions,
            details.SourceFilePath,
            details.SourceLineNumber);
    }

    // Skipped rather than run: the unlisted points are the sweep's job. Explicit like the experiment, so a plain test run
    // does not report a skip for every large grid, while running the experiment from the IDE shows the message.
    private static XunitTestCase UnlistedPoints(
        IXunitTestMethod testMethod, TestCaseDetails details, ExperimentDescriptor descriptor, long unlisted)
    {
        var name = PointDisplayName.Unlisted(details.TestCaseDisplayName, descriptor.Name, unlisted);
        return new XunitTestCase(
            testMethod,
            name,
            UniqueIDGenerator.ForTestCase(((ITestMethodMetadata)testMethod).UniqueID, null, ["(points not listed)"]),
            details.Explicit,
            skipReason: name,
            traits: Traits(testMethod, descriptor),
            sourceFilePath: details.SourceFilePath,
            sourceLineNumber: details.SourceLineNumber);
    }

    // As xunit does for a skipped theory: one skipped test case, not one per point.
    private static XunitTestCase SkippedExperiment(IXunitTestMethod testMethod, TestCaseDetails details, ExperimentDescriptor descriptor) =>
        new(
            testMethod,
            details.TestCaseDisplayName,
            details.UniqueID,
            details.Explicit,
            skipReason: details.SkipReason,
            skipType: details.SkipType,
            traits: Traits(testMethod, descriptor),
            sourceFilePath: details.SourceFilePath,
            sourceLineNumber: details.SourceLineNumber);

    private static Dictionary<string, HashSet<string>> Traits(IXunitTestMethod testMethod, ExperimentDescriptor descriptor)
    {
        var traits = TestIntrospectionHelper.GetTraits(testMethod, null);
        traits[ExperimentTraits.Experiment] = [descriptor.Name];
        return traits;
    }
}
