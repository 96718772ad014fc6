using Experiments.Backends;
using Experiments.Backends.Configuration;
using Experiments.Backends.Local;
using Experiments.Backends.Slurm;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Backends;

/// <summary>The backends <c>--backend</c> accepts, by name: how each is created from its config section, and its section template.</summary>
public static class BackendCatalog
{
    public const string Default = "local";

    private static readonly Dictionary<string, BackendDefinition> Definitions = new(StringComparer.Ordinal)
    {
        [LocalBackend.BackendName] = new(
            LocalBackend.BackendName,
            (setup, _) => Task.FromResult<IExperimentBackend>(new LocalBackend(
                LocalConfig.Bind(setup.Config.Section(LocalBackend.BackendName), setup.Settings.Parallel))),
            ConfigTemplate: null),
        [SlurmBackend.BackendName] = new(
            SlurmBackend.BackendName,
            async (setup, cancellationToken) => await SlurmBackend.CreateAsync(
                SlurmConfig.Bind(setup.Config.RequireSection(SlurmBackend.BackendName)), null, cancellationToken),
            SlurmConfig.Template),
        [Experiments.Backends.GoogleBatch.GoogleBatchBackend.BackendName] = new(
            Experiments.Backends.GoogleBatch.GoogleBatchBackend.BackendName,
            async (setup, cancellationToken) => await Experiments.Backends.GoogleBatch.GoogleBatchBackend.CreateAsync(
                Experiments.Backends.GoogleBatch.GoogleBatchConfig.Bind(setup.Config.RequireSection(Experiments.Backends.GoogleBatch.GoogleBatchBackend.BackendName)),
                null,
                cancellationToken),
            Experiments.Backends.GoogleBatch.GoogleBatchConfig.Template),
        [Experiments.Backends.AzureBatch.AzureBatchBackend.BackendName] = new(
            Experiments.Backends.AzureBatch.AzureBatchBackend.BackendName,
            (setup, _) => Task.FromResult<IExperimentBackend>(new Experiments.Backends.AzureBatch.AzureBatchBackend(
                Experiments.Backends.AzureBatch.AzureBatchConfig.Bind(setup.Config.RequireSection(Experiments.Backends.AzureBatch.AzureBatchBackend.BackendName)))),
            Experiments.Backends.AzureBatch.AzureBatchConfig.Template),
        [Experiments.Backends.AwsBatch.AwsBatchBackend.BackendName] = new(
            Experiments.Backends.AwsBatch.AwsBatchBackend.BackendName,
            async (setup, cancellationToken) => await Experiments.Backends.AwsBatch.AwsBatchBackend.CreateAsync(
                Experiments.Backends.AwsBatch.AwsBatchConfig.Bind(setup.Config.RequireSection(Experiments.Backends.AwsBatch.AwsBatchBackend.BackendName)), cancellationToken),
            Experiments.Backends.AwsBatch.AwsBatchConfig.Template),
    };

    public static IReadOnlyList<string> Names => Definitions.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Checks a name before anything slow happens, so a typo costs no build.</summary>
    public static string Validate(string name)
    {
        var trimmed = name.Trim();
        if (Definitions.ContainsKey(trimmed))
            return trimmed;
        var lower = trimmed.ToLowerInvariant();
        if (Definitions.ContainsKey(lower))
            return lower;
        throw new UserException($"Unknown backend '{name}'. Valid backends: {string.Join(", ", Names)}.");
    }

    public static BackendDefinition Definition(string name) => Definitions[Validate(name)];

    /// <summary>
    /// Creates a backend from its config section. Config mistakes are the user's (exit 2, naming the file and keys); a
    /// cluster or service that cannot be reached is the backend's (exit 4), both before anything is built.
    /// </summary>
    public static async Task<IExperimentBackend> CreateAsync(string name, BackendSetup setup, CancellationToken cancellationToken)
    {
        var definition = Definition(name);
        try
        {
            return await definition.Create(setup, cancellationToken);
        }
        catch (ConfigException e)
        {
            throw new UserException($"{e.File} has {(e.Problems.Count == 1 ? "a problem" : "problems")} in its \"{definition.Name}\" section:", e.Problems);
        }
        catch (BackendSettingsException e)
        {
            throw new UserException($"The \"{definition.Name}\" settings have problems:", e.Problems);
        }
        catch (Exception e) when (e is BackendUserException or IOException)
        {
            throw new UserException($"The {definition.Name} backend could not start: {e.Message}", exitCode: ExitCodes.BackendFailed);
        }
    }
}

/// <summary>One backend: its name, how to create it, and the commented config section <c>init</c> writes (null: needs none).</summary>
public sealed record BackendDefinition(
    string Name,
    Func<BackendSetup, CancellationToken, Task<IExperimentBackend>> Create,
    string? ConfigTemplate);

/// <summary>What a backend is created from: the command line's settings and the experiments config file.</summary>
public sealed record BackendSetup(BackendSettings Settings, ExperimentsConfig Config);
