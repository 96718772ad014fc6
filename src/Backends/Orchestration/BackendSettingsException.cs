namespace Experiments.Backends;

/// <summary>A backend's settings are wrong: the user's mistake, one line per problem naming the key and the valid values.</summary>
public class BackendSettingsException(string backend, IReadOnlyList<string> problems)
    : BackendUserException($"The {backend} settings are not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
