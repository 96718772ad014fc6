using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Schema;

/// <summary>Reads and writes run plans, and checks a plan read from disk before any worker trusts it.</summary>
public static class RunPlanJson
{
    public const string FileName = "plan.json";

    public static void Write(RunPlan plan, Stream stream) =>
        JsonSerializer.Serialize(stream, plan, RunPlanJsonContext.Default.RunPlan);

    /// <summary>Writes the plan to a temporary file beside <paramref name="path"/> and renames it, so no reader sees half a plan.</summary>
    public static void WriteFile(RunPlan plan, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        using (var stream = File.Create(temp))
            Write(plan, stream);
        File.Move(temp, path, overwrite: true);
    }

    public static string Serialize(RunPlan plan) => JsonSerializer.Serialize(plan, RunPlanJsonContext.Default.RunPlan);

    /// <summary>Parses and validates a plan; <see cref="InvalidDataException"/> names the source and what is wrong.</summary>
    public static RunPlan Parse(string json, string sourceName)
    {
        RunPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize(json, RunPlanJsonContext.Default.RunPlan);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sourceName} is not a valid run plan: {e.Message}", e);
        }
        return Validate(plan, sourceName);
    }

    public static RunPlan ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The run plan {path} does not exist.", path);
        RunPlan? plan;
        try
        {
            using var stream = File.OpenRead(path);
            plan = JsonSerializer.Deserialize(stream, RunPlanJsonContext.Default.RunPlan);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid run plan: {e.Message}", e);
        }
        return Validate(plan, path);
    }

    private static RunPlan Validate(RunPlan? plan, string sourceName)
    {
        if (plan is null)
            throw new InvalidDataException($"{sourceName} is empty.");
        if (plan.Schema != RunPlan.CurrentSchema)
        {
            throw new InvalidDataException(
                $"{sourceName} has run plan schema {plan.Schema}; this worker reads schema {RunPlan.CurrentSchema}. Plan the run with the same Experiments version as the app.");
        }
        if (plan.Experiments is null || plan.Tasks is null || plan.RunId is null)
            throw new InvalidDataException($"{sourceName} lacks 'runId', 'experiments' or 'tasks'.");
        for (var e = 0; e < plan.Experiments.Count; e++)
        {
            var experiment = plan.Experiments[e];
            if (string.IsNullOrEmpty(experiment?.Name) || string.IsNullOrEmpty(experiment.GridHash) || experiment.Points < 0)
                throw new InvalidDataException($"{sourceName}: experiment #{e} needs a name, a gridHash and a non-negative point count.");
        }
        for (var t = 0; t < plan.Tasks.Count; t++)
        {
            var task = plan.Tasks[t];
            if (task?.Points is null || task.Experiment < 0 || task.Experiment >= plan.Experiments.Count)
                throw new InvalidDataException($"{sourceName}: task {t} refers to experiment #{task?.Experiment}, but the plan has {plan.Experiments.Count}.");
            var count = plan.Experiments[task.Experiment].Points;
            foreach (var point in task.Points)
            {
                if (point < 0 || point >= count)
                    throw new InvalidDataException($"{sourceName}: task {t} has point {point}, outside 0..{count - 1} of {plan.Experiments[task.Experiment].Name}.");
            }
        }
        return plan;
    }
}

[JsonSerializable(typeof(RunPlan))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class RunPlanJsonContext : JsonSerializerContext;
