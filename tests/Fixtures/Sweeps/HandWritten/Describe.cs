// Stand-in for the generator's output: descriptors with canonical value texts and grid hashes as docs/internals.md
// defines them.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Experiments.Registry;

namespace Sweeps.HandWritten;

internal static class Describe
{
    public static ExperimentDescriptor Experiment(
        Type type, string method, string source, ExperimentResources resources, params AxisDescriptor[] axes)
    {
        var points = axes.Aggregate(1L, (n, a) => n * a.Count);
        return new ExperimentDescriptor($"{type.FullName}.{method}", type.FullName!, method, source, axes, points, GridHash(axes), resources, Explicit: true);
    }

    public static AxisDescriptor Grid(string name, string type, params object[] values) =>
        new(name, type, AxisKind.Grid, values, values.Select(Text).ToArray());

    public static AxisDescriptor Replicates(string name, int count) =>
        new(name, "int", AxisKind.Replicates, Enumerable.Range(0, count).Cast<object>().ToArray(),
            Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray());

    public static ExperimentResources Resources(string? timeout = null, int retries = 0) =>
        ExperimentResources.Default with
        {
            Timeout = timeout is null ? null : TimeSpan.ParseExact(timeout, "c", CultureInfo.InvariantCulture),
            Retries = retries,
        };

    private static string Text(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static string GridHash(IEnumerable<AxisDescriptor> axes)
    {
        var text = new StringBuilder();
        foreach (var axis in axes)
        {
            text.Append(axis.Name).Append('\n').Append(axis.TypeName).Append('\n').Append(axis.Count).Append('\n');
            foreach (var value in axis.ValueTexts)
                text.Append(value).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
