namespace Experiments.Backends.Container;

/// <summary>A cloud backend's image settings are wrong: a user mistake, reported without a stack trace.</summary>
public sealed class ContainerImageOptionsException(IReadOnlyList<string> problems)
    : Exception("The container image settings are not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
