using System.Text.Json;
using System.Text.Json.Serialization;
using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Journal;

/// <summary>
/// The journal under <c>&lt;project&gt;/.experiments/runs/&lt;run-id&gt;/</c>: <c>run.json</c> (what and how far),
/// <c>plan.json</c>, <c>manifest.json</c> (the grid the plan's indexes refer to), <c>submissions.json</c> (what the
/// backend started) and the backend's store. Every file is replaced atomically, and each step is journaled before the
/// next begins, so <c>resume</c> works after the tool is killed at any moment.
/// </summary>
public sealed class RunJournal
{
    public const string FolderName = ".experiments";
    public const string RunFileName = "run.json";
    public const string ManifestFileName = "manifest.json";
    public const string SubmissionsFileName = "submissions.json";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public RunJournal(string projectDirectory)
    {
        ProjectDirectory = projectDirectory;
        RunsDirectory = Path.Combine(projectDirectory, FolderName, "runs");
    }

    public string ProjectDirectory { get; }

    public string RunsDirectory { get; }

    public string DirectoryOf(string runId) => Path.Combine(RunsDirectory, runId);

    public string PlanPath(string runId) => Path.Combine(DirectoryOf(runId), RunPlanJson.FileName);

    /// <summary>Starts a run's folder with its run.json, plan and the manifest it was planned from.</summary>
    public void Create(RunInfo run, RunPlan plan, string manifestText)
    {
        var directory = DirectoryOf(run.Id);
        Directory.CreateDirectory(directory);
        // The journal is this machine's working state, never something to commit.
        var ignore = Path.Combine(ProjectDirectory, FolderName, ".gitignore");
        if (!File.Exists(ignore))
            File.WriteAllText(ignore, "# Written by dotnet experiment: run journals are local working state.\n*\n");
        AtomicFile.WriteAllText(Path.Combine(directory, ManifestFileName), manifestText);
        RunPlanJson.WriteFile(plan, PlanPath(run.Id));
        Save(run);
    }

    public void Save(RunInfo run) =>
        AtomicFile.WriteAllText(Path.Combine(DirectoryOf(run.Id), RunFileName), JsonSerializer.Serialize(run, Json) + "\n");

    public void SaveSubmissions(string runId, IReadOnlyList<Submission> submissions) =>
        AtomicFile.WriteAllText(Path.Combine(DirectoryOf(runId), SubmissionsFileName), JsonSerializer.Serialize(submissions, Json) + "\n");

    public IReadOnlyList<Submission> ReadSubmissions(string runId)
    {
        var path = Path.Combine(DirectoryOf(runId), SubmissionsFileName);
        return File.Exists(path) ? Deserialize<List<Submission>>(path) : [];
    }

    public RunPlan ReadPlan(string runId)
    {
        try
        {
            return RunPlanJson.ReadFile(PlanPath(runId));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new UserException($"The journal of run {runId} is damaged: {e.Message}");
        }
    }

    public ManifestModel ReadManifest(string runId)
    {
        var path = Path.Combine(DirectoryOf(runId), ManifestFileName);
        try
        {
            return Manifest.Load(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new UserException($"The journal of run {runId} is damaged: {e.Message}");
        }
    }

    /// <summary>Every journaled run, oldest first.</summary>
    public IReadOnlyList<RunInfo> List()
    {
        if (!Directory.Exists(RunsDirectory))
            return [];
        return Directory.GetDirectories(RunsDirectory)
            .Where(d => RunId.IsValid(Path.GetFileName(d)) && File.Exists(Path.Combine(d, RunFileName)))
            .Select(d => Deserialize<RunInfo>(Path.Combine(d, RunFileName)))
            .OrderBy(r => r.StartedAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The named run, or the latest when <paramref name="runId"/> is null.</summary>
    public RunInfo Find(string? runId)
    {
        var runs = List();
        if (runs.Count == 0)
            throw new UserException($"No runs are journaled in {Relative(RunsDirectory)}; start one with 'dotnet experiment run'.");
        if (runId is null)
            return runs[^1];
        var exact = runs.FirstOrDefault(r => r.Id == runId);
        if (exact is not null)
            return exact;
        // A unique prefix is enough, as with git commits: "20261121-1430" names the run started then.
        var byPrefix = runs.Where(r => r.Id.StartsWith(runId, StringComparison.Ordinal)).ToArray();
        if (byPrefix.Length == 1)
            return byPrefix[0];
        var recent = runs.TakeLast(10).Select(r => r.Id).Reverse().ToArray();
        throw new UserException(
            byPrefix.Length > 1
                ? $"'{runId}' matches {byPrefix.Length} runs; give more of the id:"
                : $"No run '{runId}' in {Relative(RunsDirectory)}. Recent runs:",
            byPrefix.Length > 1 ? byPrefix.Select(r => r.Id).ToArray() : recent);
    }

    private T Deserialize<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                ?? throw new JsonException("the file is empty");
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? $":{l + 1}" : "";
            throw new UserException($"{Relative(path)}{line} is damaged ({e.Message.Split(" Path:")[0]}). Delete that run's folder to forget the run.");
        }
    }

    private string Relative(string path) => Path.GetRelativePath(ProjectDirectory, path);
}
