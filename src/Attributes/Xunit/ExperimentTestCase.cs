using Xunit.Sdk;
using Xunit.v3;

namespace Experiments.Xunit;

/// <summary>
/// One point of an experiment as an xunit test case. It carries only the experiment's name and the point's key (the
/// identity that survives grid edits); the point index and typed arguments are looked up in the generated registry when
/// the test runs, and the point runs through the generated dispatcher, as on every backend.
/// </summary>
public sealed class ExperimentTestCase : XunitTestCase, ISelfExecutingXunitTestCase
{
    private string? _experimentName;
    private string? _pointKey;

    /// <summary>For the deserializer only (Test Explorer sends test cases back to the test process as text).</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ExperimentTestCase()
    {
    }

    public ExperimentTestCase(
        IXunitTestMethod testMethod,
        string displayName,
        string uniqueId,
        bool @explicit,
        string experimentName,
        string pointKey,
        Dictionary<string, HashSet<string>> traits,
        string? skipReason = null,
        Type? skipType = null,
        string? skipUnless = null,
        string? skipWhen = null,
        Type[]? skipExceptions = null,
        string? sourceFilePath = null,
        int? sourceLineNumber = null)
        : base(
            testMethod,
            displayName,
            uniqueId,
            @explicit,
            skipExceptions,
            skipReason,
            skipType,
            skipUnless,
            skipWhen,
            traits,
            testMethodArguments: null,
            sourceFilePath,
            sourceLineNumber,
            timeout: null)
    {
        _experimentName = experimentName;
        _pointKey = pointKey;
    }

    /// <summary>The experiment's name in the registry.</summary>
    public string ExperimentName => _experimentName ?? throw new InvalidOperationException("ExperimentTestCase was not deserialized.");

    /// <summary>The point's canonical key.</summary>
    public string PointKey => _pointKey ?? throw new InvalidOperationException("ExperimentTestCase was not deserialized.");

#if XUNIT4
    public async ValueTask<RunSummary> Run(
        ExplicitOption explicitOption,
        IMessageBus messageBus,
        object?[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        ParallelMode parallelMode,
        ExecutionScheduler scheduler,
        FixtureMappingManager methodFixtureMappings)
    {
        var tests = await aggregator.RunAsync(CreateTests, []);
        var error = aggregator.ToException();
        if (error is not null)
            return XunitRunnerHelper.FailTestCases(messageBus, cancellationTokenSource, [this], error, sendTestCaseMessages: false);
        return await ExperimentTestCaseRunner.Instance.Run(
            this, tests, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, TestCaseDisplayName, SkipReason, explicitOption, constructorArguments, methodFixtureMappings);
    }
#else
    public async ValueTask<RunSummary> Run(
        ExplicitOption explicitOption,
        IMessageBus messageBus,
        object?[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource)
    {
        var tests = await aggregator.RunAsync(CreateTests, []);
        var error = aggregator.ToException();
        if (error is not null)
            return XunitRunnerHelper.FailTestCases(messageBus, cancellationTokenSource, [this], error, sendTestCaseMessages: false);
        return await ExperimentTestCaseRunner.Instance.Run(
            this, tests, messageBus, aggregator, cancellationTokenSource, TestCaseDisplayName, SkipReason, explicitOption, constructorArguments);
    }
#endif

    protected override void Serialize(IXunitSerializationInfo info)
    {
        base.Serialize(info);
        info.AddValue("en", ExperimentName);
        info.AddValue("pk", PointKey);
    }

    protected override void Deserialize(IXunitSerializationInfo info)
    {
        base.Deserialize(info);
        _experimentName = info.GetValue<string>("en") ?? throw new InvalidOperationException("Could not retrieve the experiment name from serialization.");
        _pointKey = info.GetValue<string>("pk") ?? throw new InvalidOperationException("Could not retrieve the point key from serialization.");
    }
}
