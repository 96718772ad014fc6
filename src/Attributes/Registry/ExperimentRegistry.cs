using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Experiments.Registry;

/// <summary>
/// The experiments of the loaded assemblies. Generated module initializers call <see cref="Register"/>; readers that
/// reached an assembly by reflection (the xunit discoverer) call <see cref="EnsureRegistered"/> first, because a module
/// initializer runs only once code of its module runs.
/// </summary>
public static class ExperimentRegistry
{
    /// <summary>Points listed per experiment at discovery unless the project sets <c>ExperimentsDiscoveryLimit</c>.</summary>
    public const int DefaultDiscoveryLimit = 1000;

    private static readonly ConcurrentDictionary<string, GeneratedExperiment> ByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Assembly, int> DiscoveryLimits = new();

    /// <summary>Called by generated code once per experiment.</summary>
    public static void Register(GeneratedExperiment experiment)
    {
        if (!ByName.TryAdd(experiment.Descriptor.Name, experiment)
            && ByName[experiment.Descriptor.Name].GetType() != experiment.GetType())
        {
            throw new InvalidOperationException(
                $"Two experiments are named '{experiment.Descriptor.Name}'; give one a different [Experiment(Name = ...)].");
        }
    }

    /// <summary>Called by generated code with the project's <c>ExperimentsDiscoveryLimit</c>.</summary>
    public static void SetDiscoveryLimit(Assembly assembly, int limit) => DiscoveryLimits[assembly] = limit;

    public static int DiscoveryLimitOf(Assembly assembly) =>
        DiscoveryLimits.TryGetValue(assembly, out var limit) ? limit : DefaultDiscoveryLimit;

    /// <summary>Runs an assembly's module initializer so that its experiments are registered.</summary>
    public static void EnsureRegistered(Assembly assembly) =>
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

    public static IReadOnlyCollection<GeneratedExperiment> All => ByName.Values.OrderBy(e => e.Descriptor.Name, StringComparer.Ordinal).ToArray();

    public static GeneratedExperiment? Find(string name) => ByName.TryGetValue(name, out var e) ? e : null;

    /// <summary>The experiment declared by a method, found by declaring type and method name.</summary>
    public static GeneratedExperiment? FindByMethod(Type declaringType, string methodName)
    {
        EnsureRegistered(declaringType.Assembly);
        var typeName = declaringType.FullName;
        return ByName.Values.FirstOrDefault(e => e.Descriptor.TypeName == typeName && e.Descriptor.MethodName == methodName);
    }
}
