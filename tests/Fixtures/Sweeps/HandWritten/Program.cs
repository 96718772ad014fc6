// Stand-in for the generator's entry point: the worker when invoked as one, plus --write-manifest PATH, which the
// build runs to write experiments.manifest.json from the descriptors above (the MSBuild task is off in this mode).
using System.Globalization;
using System.Text.Json;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.Worker;

namespace Sweeps.HandWritten;

internal static class Program
{
    public static int Main(string[] args)
    {
        if (WorkerHost.IsWorkerInvocation(args))
            return WorkerHost.Run(args);
        if (args is ["--write-manifest", var path])
        {
            File.WriteAllText(path, ManifestJson());
            return 0;
        }
        Console.Error.WriteLine("Sweeps (hand-written registry): run as a worker (--experiments-worker …) or with --write-manifest PATH.");
        return 2;
    }

    private static string ManifestJson()
    {
        var experiments = ExperimentRegistry.All.Select(e => e.Descriptor).Select(d => new ManifestExperiment(
            d.Name, d.TypeName, d.MethodName, d.SourceFile, d.Explicit,
            d.Axes.Select(a => new ManifestAxis(a.Name, a.TypeName, Kind(a.Kind), a.ValueTexts.Select(t => Value(a.TypeName, t)).ToArray())).ToArray(),
            d.PointCount, d.GridHash,
            new ManifestResources(d.Resources.Timeout?.ToString("c", CultureInfo.InvariantCulture), d.Resources.Retries, d.Resources.Cpus,
                d.Resources.Memory, d.Resources.MemoryBytes, d.Resources.Gpus))).ToArray();
        var model = new ManifestModel(ManifestModel.CurrentSchema, "0.1.0-handwritten", "Sweeps", experiments);
        return JsonSerializer.Serialize(model, new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonElement Value(string type, string text) =>
        JsonDocument.Parse(type is "string" or "char" ? JsonSerializer.Serialize(text) : text).RootElement.Clone();

    private static string Kind(AxisKind kind) => kind switch
    {
        AxisKind.Grid => "grid",
        AxisKind.Range => "range",
        AxisKind.Replicates => "replicates",
        _ => "all",
    };
}
