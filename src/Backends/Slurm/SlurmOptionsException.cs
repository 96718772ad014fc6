namespace Experiments.Backends.Slurm;

/// <summary>The <c>slurm</c> config section is wrong: a user mistake, reported without a stack trace.</summary>
public sealed class SlurmOptionsException(IReadOnlyList<string> problems)
    : Exception("The slurm settings are not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
