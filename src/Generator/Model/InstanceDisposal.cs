namespace Experiments.Generator.Model;

/// <summary>How the dispatcher disposes the instance it created for an instance method, as xunit does for test classes.</summary>
internal enum InstanceDisposal
{
    None,
    Dispose,
    DisposeAsync,
}
