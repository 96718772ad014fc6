using Experiments.Registry;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Experiments.Xunit;

/// <summary>
/// xunit's test runner (messages, before/after attributes, output, skip and explicit handling), except that the point
/// runs through the generated dispatcher — the code path every worker takes — instead of a reflection call.
/// </summary>
public sealed class ExperimentTestRunner : XunitTestRunnerBase<XunitTestRunnerContext, IXunitTest>
{
    public static ExperimentTestRunner Instance { get; } = new();

    private ExperimentTestRunner()
    {
    }

#if XUNIT4
    public async ValueTask<RunSummary> Run(
        IXunitTest test,
        IMessageBus messageBus,
        object?[] constructorArguments,
        ExplicitOption explicitOption,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        ParallelMode parallelMode,
        ExecutionScheduler scheduler,
        IReadOnlyCollection<IBeforeAfterTestAttribute> beforeAfterAttributes,
        FixtureMappingManager fixtureMappings)
    {
        await using var ctxt = new XunitTestRunnerContext(
            test, explicitOption, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, beforeAfterAttributes, constructorArguments, fixtureMappings);
        await ctxt.InitializeAsync();
        return await Run(ctxt);
    }
#else
    public async ValueTask<RunSummary> Run(
        IXunitTest test,
        IMessageBus messageBus,
        object?[] constructorArguments,
        ExplicitOption explicitOption,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        IReadOnlyCollection<IBeforeAfterTestAttribute> beforeAfterAttributes)
    {
        await using var ctxt = new XunitTestRunnerContext(
            test, messageBus, explicitOption, aggregator, cancellationTokenSource, beforeAfterAttributes, constructorArguments);
        await ctxt.InitializeAsync();
        return await Run(ctxt);
    }
#endif

    // The generated dispatcher creates the instance itself (new T()), as on a worker; a second one made here would run
    // the constructor twice and diverge from what the sweep does.
    protected override bool IsTestClassCreatable(XunitTestRunnerContext ctxt) => false;

    protected override ValueTask<TimeSpan> InvokeTest(XunitTestRunnerContext ctxt, object? testClassInstance) =>
        ExecutionTimer.MeasureAsync(() => ctxt.Aggregator.RunAsync(() => InvokePoint(ctxt)));

    private static async ValueTask InvokePoint(XunitTestRunnerContext ctxt)
    {
        if (ctxt.Test.TestCase is not ExperimentTestCase testCase)
            throw new InvalidOperationException($"{nameof(ExperimentTestRunner)} runs only {nameof(ExperimentTestCase)}s, not {ctxt.Test.TestCase.GetType()}.");
        var experiment = Find(testCase);
        var testContext = TestContext.Current;
        var output = testContext.TestOutputHelper is { } helper ? new TestOutputWriter(helper) : TextWriter.Null;
        await PointRunner.RunAsync(
            experiment,
            testCase.PointKey,
            output,
            PointRunner.ArtifactsRootFor(experiment),
            testContext.CancellationToken);
    }

    private static GeneratedExperiment Find(ExperimentTestCase testCase)
    {
        var assembly = testCase.TestMethod.Method.DeclaringType?.Assembly ?? testCase.TestClass.Class.Assembly;
        ExperimentRegistry.EnsureRegistered(assembly);
        return ExperimentRegistry.Find(testCase.ExperimentName) ?? throw new PointNotRunnableException(
            $"Experiment '{testCase.ExperimentName}' is not in the generated registry of {assembly.GetName().Name}: the test list is older than the build, or the Experiments generator reported an error for it. Rebuild, check the build output for EXP diagnostics, and refresh the test list.");
    }
}
