using Xunit.v3;

namespace Experiments.Xunit;

/// <summary>A point ran past its experiment's <c>Timeout</c>; xunit reports it as a timeout (not an ordinary failure).</summary>
public sealed class ExperimentTimeoutException(string message, Exception? inner = null)
    : Exception(message, inner), ITestTimeoutException;
