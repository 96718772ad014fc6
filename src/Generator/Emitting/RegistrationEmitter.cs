using System.Collections.Generic;
using System.Globalization;

namespace Experiments.Generator.Emitting;

/// <summary>Emits the module initializer that registers every experiment and the project's discovery limit.</summary>
internal static class RegistrationEmitter
{
    public const string HintName = "Experiments.Registry.g.cs";

    public static string Emit(IEnumerable<string> classNames, int discoveryLimit)
    {
        var w = new SourceWriter().Header();
        w.Open("namespace Experiments.Generated");
        w.Line("/// <summary>Registers this assembly's experiments when the module is loaded.</summary>");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Open("internal static class ExperimentsRegistration");
        w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Open("internal static void Register()");
        w.Line("global::Experiments.Registry.ExperimentRegistry.SetDiscoveryLimit(typeof(ExperimentsRegistration).Assembly, " +
               discoveryLimit.ToString(CultureInfo.InvariantCulture) + ");");
        foreach (var className in classNames)
            w.Line($"global::Experiments.Registry.ExperimentRegistry.Register(new {className}());");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }
}
