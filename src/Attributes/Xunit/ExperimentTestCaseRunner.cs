using Xunit.v3;

namespace Experiments.Xunit;

/// <summary>xunit's own test case runner (messages, skip, explicit handling), with the point runner for the test.</summary>
public sealed class ExperimentTestCaseRunner : XunitTestCaseRunner
{
    public static new ExperimentTestCaseRunner Instance { get; } = new();

    private ExperimentTestCaseRunner()
    {
    }

    protected override ValueTask<RunSummary> RunTest(XunitTestCaseRunnerContext ctxt, IXunitTest test) =>
        ExperimentTestRunner.Instance.Run(
            test,
            ctxt.MessageBus,
            ctxt.ConstructorArguments,
            ctxt.ExplicitOption,
            ctxt.Aggregator.Clone(),
            ctxt.CancellationTokenSource,
            ctxt.BeforeAfterTestAttributes);
}
