namespace Experiments.CloudEmulators.Contracts;

/// <summary>One way a request breaks its official API definition.</summary>
/// <param name="Path">Where: <c>$</c> is the JSON body (<c>$.taskGroups[0].taskSpec</c>), <c>query.name</c>,
/// <c>header.name</c>, <c>path.name</c> or <c>request</c> for the method and path themselves.</param>
/// <param name="Problem">What is wrong and what would be valid.</param>
public sealed record ContractViolation(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}

/// <summary>Thrown by a contract's <c>EnsureValid</c>: lists every violation found in the request.</summary>
public sealed class ContractViolationException(string what, IReadOnlyList<ContractViolation> violations)
    : Exception($"{what} breaks its API definition:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", violations))
{
    public IReadOnlyList<ContractViolation> Violations { get; } = violations;

    internal static void ThrowIfAny(string what, IReadOnlyList<ContractViolation> violations)
    {
        if (violations.Count > 0)
            throw new ContractViolationException(what, violations);
    }
}
