// Stand-in for the generator's output (see Sweeps.csproj, SweepsHandWrittenRegistry): what the generator emits per
// experiment, written by hand and with reflection-based JSON, which the generated code does not use.
using System.Text.Json;
using Experiments;
using Experiments.Registry;

namespace Sweeps.HandWritten;

internal sealed class HandWrittenExperiment(
    ExperimentDescriptor descriptor,
    Func<object[], ExperimentContext, ValueTask<object?>> invoke,
    bool hasResult) : GeneratedExperiment(descriptor)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async ValueTask<string?> InvokeAsync(long pointIndex, ExperimentContext context)
    {
        var result = await invoke(ArgumentsOf(pointIndex), context);
        return hasResult ? JsonSerializer.Serialize(result, result?.GetType() ?? typeof(object), Json) : null;
    }
}
