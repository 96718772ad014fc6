using System.Globalization;
using System.Linq;
using Experiments.Generator.Diagnostics;
using Experiments.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

internal sealed partial class ExperimentParser
{
    private ResourceSpec ReadResources(AttributeData attribute, AttributeLocations locations)
    {
        string? timeout = null;
        long? timeoutTicks = null;
        // ExperimentAttribute.Timeout is text ("00:05:00", "90s"); xunit's own millisecond timeout is fixed at 0 by the attribute.
        if (Named(attribute, "Timeout") is string timeoutText)
        {
            if (TimeoutText.TryParse(timeoutText, out var ticks, out var normalized, out var error))
                (timeout, timeoutTicks) = (normalized, ticks);
            else
                Report(DiagnosticDescriptors.InvalidTimeout, locations.Named("Timeout"), timeoutText, error);
        }

        string? memory = null;
        long? memoryBytes = null;
        if (Named(attribute, "Memory") is string memoryText)
        {
            if (MemoryText.TryParse(memoryText, out var bytes, out var error))
                (memory, memoryBytes) = (memoryText.Trim(), bytes);
            else
                Report(DiagnosticDescriptors.InvalidMemory, locations.Named("Memory"), memoryText, error);
        }

        var retries = Named(attribute, "Retries") as int? ?? ResourceSpec.Default.Retries;
        if (retries < 0)
            Report(DiagnosticDescriptors.NegativeRetries, locations.Named("Retries"), Text(retries));
        var cpus = Named(attribute, "Cpus") as int? ?? ResourceSpec.Default.Cpus;
        if (cpus < 1)
            Report(DiagnosticDescriptors.CpusNotPositive, locations.Named("Cpus"), Text(cpus));
        var gpus = Named(attribute, "Gpus") as int? ?? ResourceSpec.Default.Gpus;
        if (gpus < 0)
            Report(DiagnosticDescriptors.NegativeGpus, locations.Named("Gpus"), Text(gpus));

        return new ResourceSpec(timeout, timeoutTicks, retries, cpus, memory, memoryBytes, gpus);
    }

    private static object? Named(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(n => n.Key == name) is { Key: not null, Value: { Kind: not TypedConstantKind.Error } value }
            ? value.Value
            : null;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
