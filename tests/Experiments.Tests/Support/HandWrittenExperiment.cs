using Experiments.Registry;

namespace Experiments.Tests.Support;

/// <summary>
/// Stands in for a generated experiment in tests that need odd behaviour (throwing, ignoring cancellation): the same
/// contract as generated code — decode the index, call, return JSON text or null — with the call given as a delegate.
/// </summary>
internal sealed class HandWrittenExperiment(
    ExperimentDescriptor descriptor,
    Func<object[], ExperimentContext, ValueTask<string?>> invoke) : GeneratedExperiment(descriptor)
{
    public override ValueTask<string?> InvokeAsync(long pointIndex, ExperimentContext context) =>
        invoke(ArgumentsOf(pointIndex), context);
}
