namespace Experiments.Tool.Reproduce;

/// <summary>One way a reproduced point differs from its recorded outcome.</summary>
/// <param name="Key">The point.</param>
/// <param name="What">What differs: <c>status</c>, <c>seed</c>, <c>error.kind</c>, a result field (<c>result.x</c>) …</param>
/// <param name="Recorded">The value in the results file, as text.</param>
/// <param name="Reproduced">The value the current build produced, as text.</param>
public sealed record Mismatch(string Key, string What, string Recorded, string Reproduced);
