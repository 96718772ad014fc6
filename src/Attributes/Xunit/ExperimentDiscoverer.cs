namespace Experiments.Xunit;

// Placeholder so the skeleton compiles; the xunit v3 integration replaces this file.
public sealed class ExperimentDiscoverer : global::Xunit.v3.TheoryDiscoverer
{
}
