using System.Text.Json;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Artifacts;

/// <summary>
/// Whether a run brings its points' artifacts home, and how much of them at most: the <c>artifacts</c> section of
/// <c>experiments.json</c> (<c>maxSize</c>, <c>collect</c>), overridden by <c>--artifacts-max-size</c> and
/// <c>--leave-artifacts</c>.
/// </summary>
/// <param name="MaxBytes">The most a run copies home per experiment; points beyond it are left in the store.</param>
/// <param name="Collect">False to leave every artifact in the run's store.</param>
public sealed record ArtifactSettings(long MaxBytes, bool Collect)
{
    public const string Section = "artifacts";
    public const string MaxSizeKey = "maxSize";
    public const string CollectKey = "collect";
    public const string MaxSizeFlag = "--artifacts-max-size";
    public const string LeaveFlag = "--leave-artifacts";

    /// <summary>1 GB: enough for plots and small outputs, not so much that a runaway experiment fills the disk.</summary>
    public const long DefaultMaxBytes = 1_000_000_000;

    public static ArtifactSettings Default { get; } = new(DefaultMaxBytes, Collect: true);

    /// <summary>What the config file says, with the flags' values (when given) taking precedence.</summary>
    public static ArtifactSettings Resolve(ExperimentsConfig config, string? maxSizeFlag, bool leave)
    {
        var settings = FromConfig(config);
        if (maxSizeFlag is not null)
        {
            var bytes = SizeLimit.TryParse(maxSizeFlag)
                ?? throw new UserException($"{MaxSizeFlag} '{maxSizeFlag}' is not a size ({SizeLimit.Examples}).");
            settings = settings with { MaxBytes = bytes };
        }
        return leave ? settings with { Collect = false } : settings;
    }

    private static ArtifactSettings FromConfig(ExperimentsConfig config)
    {
        if (config.Path is null || config.General(Section) is not { } section)
            return Default;
        var where = $"{config.Path}: \"{Section}\"";
        if (section.ValueKind != JsonValueKind.Object)
            throw new UserException($"{where} must be an object, e.g. {{ \"{MaxSizeKey}\": \"2 GB\", \"{CollectKey}\": true }}.");
        var settings = Default;
        foreach (var property in section.EnumerateObject())
        {
            switch (property.Name)
            {
                case MaxSizeKey when property.Value.ValueKind == JsonValueKind.String && SizeLimit.TryParse(property.Value.GetString()!) is { } bytes:
                    settings = settings with { MaxBytes = bytes };
                    break;
                case MaxSizeKey when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var number) && number >= 0:
                    settings = settings with { MaxBytes = number };
                    break;
                case MaxSizeKey:
                    throw new UserException($"{where}.{MaxSizeKey} must be a size ({SizeLimit.Examples}), not {property.Value.GetRawText()}.");
                case CollectKey when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    settings = settings with { Collect = property.Value.GetBoolean() };
                    break;
                case CollectKey:
                    throw new UserException($"{where}.{CollectKey} must be true or false, not {property.Value.GetRawText()}.");
                default:
                    if (!property.Name.StartsWith('$'))
                        throw new UserException($"{where}.{property.Name} is not an artifacts setting. Valid keys: {CollectKey}, {MaxSizeKey}.");
                    break;
            }
        }
        return settings;
    }
}
