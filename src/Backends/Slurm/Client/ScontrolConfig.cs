using System.Globalization;

namespace Experiments.Backends.Slurm;

/// <summary>Reads settings from <c>scontrol show config</c> (<c>Name = value</c> lines).</summary>
public static class ScontrolConfig
{
    public static IReadOnlyList<string> Arguments { get; } = ["show", "config"];

    /// <summary>MaxArraySize, or null when the output does not hold a readable one (then the fallback applies).</summary>
    public static int? MaxArraySize(string standardOutput) =>
        Value(standardOutput, "MaxArraySize") is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0
            ? size
            : null;

    public static string? Value(string standardOutput, string name)
    {
        foreach (var line in SqueueOutput.Lines(standardOutput))
        {
            var equals = line.IndexOf('=');
            if (equals > 0 && line[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return line[(equals + 1)..].Trim();
        }
        return null;
    }
}
