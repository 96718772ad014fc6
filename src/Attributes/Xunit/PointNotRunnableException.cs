namespace Experiments.Xunit;

/// <summary>
/// A test case that cannot run its point: the experiment is not in the generated registry, or the point is no longer in
/// its grid. Both mean the test list is older than the build, or the generator reported an error.
/// </summary>
public sealed class PointNotRunnableException(string message) : Exception(message);
