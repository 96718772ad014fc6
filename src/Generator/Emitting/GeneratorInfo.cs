using System.Reflection;

namespace Experiments.Generator.Emitting;

/// <summary>The generator's identity as generated code and the manifest carry it.</summary>
internal static class GeneratorInfo
{
    public const string Name = "Experiments.Generator";

    /// <summary>Major.minor.patch of the generator assembly: stable within a release, so outputs stay deterministic.</summary>
    public static string Version { get; } = Format(typeof(GeneratorInfo).Assembly.GetName().Version);

    public static string GeneratedCodeAttribute { get; } =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"{Name}\", \"{Version}\")]";

    private static string Format(System.Version? version) =>
        version is null ? "0.0.0" : $"{version.Major}.{version.Minor}.{System.Math.Max(version.Build, 0)}";
}
