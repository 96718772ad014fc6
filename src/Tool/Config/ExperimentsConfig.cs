using System.Text.Json;
using Experiments.Backends.Configuration;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Config;

/// <summary>
/// The repository's experiments config file, <c>experiments.json</c> (JSON with comments and trailing commas): one
/// section per backend, named as <c>--backend</c> names it. The nearest file from the project's folder up to the
/// repository root (the folder holding <c>.git</c>) applies, so a repository can hold one for all its projects.
/// </summary>
public sealed class ExperimentsConfig
{
    public const string FileName = "experiments.json";

    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Sections that are not a backend's: settings every run shares.</summary>
    public static IReadOnlyList<string> GeneralSections { get; } = [Artifacts.ArtifactSettings.Section];

    private readonly JsonDocument? _document;

    private ExperimentsConfig(string? path, string searchedFrom, JsonDocument? document)
    {
        Path = path;
        SearchedFrom = searchedFrom;
        _document = document;
    }

    /// <summary>The file read; null when none was found.</summary>
    public string? Path { get; }

    /// <summary>Where the search started (the project's folder), for messages when there is no file.</summary>
    public string SearchedFrom { get; }

    /// <summary>Finds and reads the config file for a project folder; checks that every section names a backend.</summary>
    /// <param name="backendNames">The backends there are: the only valid section names.</param>
    public static ExperimentsConfig Load(string projectDirectory, IReadOnlyCollection<string> backendNames)
    {
        var path = Find(projectDirectory);
        if (path is null)
            return new ExperimentsConfig(null, projectDirectory, null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), ReadOptions);
        }
        catch (JsonException e)
        {
            throw new UserException($"{path} is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new UserException($"{path} must hold one JSON object with a section per backend, e.g. {{ \"slurm\": {{ … }} }}.");
        var unknown = document.RootElement.EnumerateObject()
            .Where(p => !p.Name.StartsWith('$') && !backendNames.Contains(p.Name) && !GeneralSections.Contains(p.Name))
            .Select(p => $"\"{p.Name}\" is not a backend or a general section; valid sections: {string.Join(", ", backendNames.Concat(GeneralSections).Order(StringComparer.Ordinal))}.")
            .ToArray();
        if (unknown.Length > 0)
            throw new UserException($"{path} has {(unknown.Length == 1 ? "a section" : "sections")} the tool does not know:", unknown);
        return new ExperimentsConfig(path, projectDirectory, document);
    }

    /// <summary>The nearest <see cref="FileName"/> from <paramref name="directory"/> up to the repository root.</summary>
    public static string? Find(string directory)
    {
        for (var current = new DirectoryInfo(System.IO.Path.GetFullPath(directory)); current is not null; current = current.Parent)
        {
            var candidate = System.IO.Path.Combine(current.FullName, FileName);
            if (File.Exists(candidate))
                return candidate;
            if (IsRepositoryRoot(current.FullName))
                return null;
        }
        return null;
    }

    /// <summary>Where <c>init</c> creates the file: the repository root, else the project's folder.</summary>
    public static string DefaultLocation(string projectDirectory)
    {
        for (var current = new DirectoryInfo(System.IO.Path.GetFullPath(projectDirectory)); current is not null; current = current.Parent)
        {
            if (IsRepositoryRoot(current.FullName))
                return System.IO.Path.Combine(current.FullName, FileName);
        }
        return System.IO.Path.Combine(System.IO.Path.GetFullPath(projectDirectory), FileName);
    }

    /// <summary>The folder holding <c>.git</c> (a directory, or a file in a worktree or submodule).</summary>
    private static bool IsRepositoryRoot(string directory)
    {
        var git = System.IO.Path.Combine(directory, ".git");
        return Directory.Exists(git) || File.Exists(git);
    }

    /// <summary>A backend's section; null when the file or the section is absent.</summary>
    public ConfigSection? Section(string backend) =>
        _document is not null && _document.RootElement.TryGetProperty(backend, out var element)
            ? new ConfigSection(Path!, backend, element)
            : null;

    /// <summary>A general section's value (see <see cref="GeneralSections"/>); null when the file or the section is absent.</summary>
    public JsonElement? General(string section) =>
        _document is not null && _document.RootElement.TryGetProperty(section, out var element) ? element : null;

    /// <summary>The section a backend cannot work without, or a message saying where to put it and how to start one.</summary>
    public ConfigSection RequireSection(string backend)
    {
        var section = Section(backend);
        if (section is not null)
            return section;
        var where = Path is null
            ? $"No {FileName} was found in {SearchedFrom} or its parents up to the repository root"
            : $"{Path} has no \"{backend}\" section";
        throw new UserException(
            $"{where}, and the {backend} backend needs its settings there.",
            [$"Write a commented section to fill in with: dotnet experiment init --backend {backend}"]);
    }
}
