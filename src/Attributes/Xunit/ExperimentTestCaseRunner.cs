using Xunit.v3;

namespace Experiments.Xunit;

/// <summary>xunit's own test case runner (messages, skip, explicit handling), with the point runner for the test.</summary>
public sealed class ExperimentTestCaseRunner : XunitTestCaseRunner
{
    public static new ExperimentTestCaseRunner Instance { get; } = new();

    private ExperimentTestCaseRunner()
    {
    }

#if XUNIT4
    protected override ValueTask<RunSummary> RunTest(XunitTestCaseRunnerContext ctxt, IXunitTest test) =>
        ExperimentTestRunner.Instance.Run(
            test,
            ctxt.MessageBus,
            ctxt.ConstructorArguments,
            ctxt.ExplicitOption,
            ctxt.Aggregator.Clone(),
            ctxt.CancellationTokenSource,
            ctxt.ParallelMode,
            ctxt.Scheduler,
            ctxt.BeforeAfterTestAttributes,
            ctxt.CaseFixtureMappings);
#else
    protected override ValueTask<RunSummary> RunTest(XunitTestCaseRunnerContext ctxt, IXunitTest test) =>
        ExperimentTestRunner.Instance.Run(
            test,
            ctxt.MessageBus,
            ctxt.ConstructorArguments,
            ctxt.ExplicitOption,
            ctxt.Aggregator.Clone(),
            ctxt.CancellationTokenSource,
            ctxt.BeforeAfterTestAttributes);
#endif
}
