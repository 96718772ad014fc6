namespace Experiments.Backends.Configuration;

/// <summary>The experiments config file has problems; each names its key, what was wrong and what is valid.</summary>
public sealed class ConfigException(string file, IReadOnlyList<string> problems)
    : Exception($"{file} has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}")
{
    public string File { get; } = file;

    public IReadOnlyList<string> Problems { get; } = problems;
}
