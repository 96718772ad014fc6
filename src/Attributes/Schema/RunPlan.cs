using System.Text.Json.Serialization;

namespace Experiments.Schema;

/// <summary>
/// What one run executes: the experiments it touches (with the grid hash they were planned from) and the points packed
/// into tasks. Written by the tool, read by every worker; a task's number is its position in <see cref="Tasks"/>.
/// </summary>
/// <param name="Schema">Format version; <see cref="CurrentSchema"/>.</param>
/// <param name="RunId">The run this plan belongs to.</param>
/// <param name="Experiments">The experiments the tasks refer to by position.</param>
/// <param name="Tasks">The units a backend schedules; each holds points of one experiment.</param>
public sealed record RunPlan(
    [property: JsonPropertyName("schema")] int Schema,
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("experiments")] IReadOnlyList<PlannedExperiment> Experiments,
    [property: JsonPropertyName("tasks")] IReadOnlyList<PlannedTask> Tasks)
{
    public const int CurrentSchema = 1;

    /// <summary>The number of points over all tasks.</summary>
    [JsonIgnore]
    public long PointCount => Tasks.Sum(t => (long)t.Points.Length);

    /// <summary>The experiment a task belongs to.</summary>
    public PlannedExperiment ExperimentOf(int task) => Experiments[Tasks[task].Experiment];
}

/// <param name="Name">The experiment's name, as the registry and manifest know it.</param>
/// <param name="GridHash">The grid hash the points' indexes refer to; a worker refuses a plan whose hash differs from its own.</param>
/// <param name="Points">The experiment's total point count (not only the planned ones).</param>
public sealed record PlannedExperiment(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("gridHash")] string GridHash,
    [property: JsonPropertyName("points")] long Points);

/// <param name="Experiment">Position of the task's experiment in <see cref="RunPlan.Experiments"/>.</param>
/// <param name="Points">Point indexes in the order the worker runs them.</param>
public sealed record PlannedTask(
    [property: JsonPropertyName("experiment")] int Experiment,
    [property: JsonPropertyName("points")] long[] Points);
