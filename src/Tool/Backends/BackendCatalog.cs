using Experiments.Backends;
using Experiments.Backends.Local;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Backends;

/// <summary>The backends <c>--backend</c> accepts, by name.</summary>
public static class BackendCatalog
{
    public const string Default = "local";

    private static readonly Dictionary<string, Func<BackendSettings, IExperimentBackend>> Factories = new(StringComparer.Ordinal)
    {
        ["local"] = settings => new LocalBackend(new LocalBackendOptions
        {
            Parallelism = settings.Parallel ?? Environment.ProcessorCount,
        }),
    };

    public static IReadOnlyList<string> Names => Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Checks a name before anything slow happens, so a typo costs no build.</summary>
    public static string Validate(string name)
    {
        var trimmed = name.Trim();
        if (Factories.ContainsKey(trimmed))
            return trimmed;
        var lower = trimmed.ToLowerInvariant();
        if (Factories.ContainsKey(lower))
            return lower;
        throw new UserException($"Unknown backend '{name}'. Valid backends: {string.Join(", ", Names)}.");
    }

    public static IExperimentBackend Create(string name, BackendSettings settings) => Factories[Validate(name)](settings);

    /// <summary>How many points run at once, when the tool decides it (the local backend); null when the backend's scheduler does.</summary>
    public static int? Concurrency(string name, BackendSettings settings) =>
        Validate(name) == "local" ? settings.Parallel ?? Environment.ProcessorCount : null;
}
