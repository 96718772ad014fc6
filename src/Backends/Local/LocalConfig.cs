using Experiments.Backends.Configuration;

namespace Experiments.Backends.Local;

/// <summary>
/// The optional <c>local</c> section of the experiments config file: how many worker processes run at once
/// (<c>parallel</c>), which <c>--parallel</c> overrides. Unknown keys are refused like every other section's.
/// </summary>
public static class LocalConfig
{
    public static IReadOnlyList<string> Keys { get; } = ["parallel"];

    /// <summary>The options from the section (null: no file or no section) and the command line's <c>--parallel</c>.</summary>
    /// <exception cref="ConfigException">The section has unknown keys or a bad value; names the file and every key.</exception>
    public static LocalBackendOptions Bind(ConfigSection? section, int? parallelOnCommandLine)
    {
        int? parallel = null;
        if (section is not null)
        {
            section.CheckKeys(Keys);
            parallel = section.Int("parallel");
            var problems = parallel is < 1
                ? [$"{section.Key("parallel")} is {parallel}; it must be at least 1 (leave it out for one worker per processor, {Environment.ProcessorCount} here)."]
                : Array.Empty<string>();
            section.ThrowIfProblems(section.Unreported(problems));
        }
        return new LocalBackendOptions { Parallelism = parallelOnCommandLine ?? parallel ?? Environment.ProcessorCount };
    }
}
