using System.Text;
using System.Text.Json;
using Experiments.Registry;

namespace Experiments.Tests.Support;

/// <summary>
/// What the generator emits for <see cref="SampleStudy.Run"/> (docs/internals.md): typed value arrays per axis, a static
/// descriptor, and a dispatcher that decodes the index, creates the instance, calls and writes the result with
/// <see cref="Utf8JsonWriter"/>. Written by hand so the runtime is tested independently of the generator.
/// </summary>
internal sealed class SampleStudyRunExperiment() : GeneratedExperiment(Shape)
{
    private static readonly double[] Delta = [0.1, 0.5];
    private static readonly int[] Replicate = [0, 1, 2];
    private static readonly Solver[] SolverValues = [Solver.Omp, Solver.Lasso];

    public static readonly ExperimentDescriptor Shape = Axes.Descriptor(
        typeof(SampleStudy),
        nameof(SampleStudy.Run),
        [
            Axes.Grid("delta", "double", 0.1, 0.5),
            Axes.Replicates("replicate", 3),
            Axes.AllOf<Solver>("solver"),
        ],
        new ExperimentResources(TimeSpan.FromSeconds(30), 0, 1, null, null, 0));

    public override ValueTask<string?> InvokeAsync(long pointIndex, ExperimentContext context)
    {
        var digits = Descriptor.Digits(pointIndex);
        var result = new SampleStudy().Run(Delta[digits[0]], Replicate[digits[1]], SolverValues[digits[2]], context);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("delta", result.Delta);
            writer.WriteNumber("replicate", result.Replicate);
            writer.WriteString("solver", result.Solver);
            writer.WriteNumber("seed", result.Seed);
            writer.WriteString("key", result.Key);
            writer.WriteEndObject();
        }
        return new(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
