using System.Globalization;

namespace Experiments.Backends.Slurm;

/// <summary>
/// How many CPUs the partition the jobs go to has (<c>sinfo -h -o '%P|%C'</c>: partition, then
/// allocated/idle/other/total CPUs), so packing can aim for a few tasks per CPU instead of a guess.
/// </summary>
public static class SinfoCapacity
{
    public static IReadOnlyList<string> Command { get; } = ["sinfo", "-h", "-o", "%P|%C"];

    /// <param name="partition">The configured partition; null for the cluster's default (marked '*').</param>
    /// <returns>Total CPUs, or null when the output does not name that partition.</returns>
    public static int? TotalCpus(string standardOutput, string? partition)
    {
        foreach (var line in SqueueOutput.Lines(standardOutput))
        {
            var fields = line.Split('|');
            if (fields.Length != 2)
                continue;
            var name = fields[0].Trim();
            var isDefault = name.EndsWith('*');
            name = name.TrimEnd('*');
            if (partition is null ? !isDefault : name != partition)
                continue;
            var counts = fields[1].Split('/');
            if (counts.Length == 4 && int.TryParse(counts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var total) && total > 0)
                return total;
        }
        return null;
    }
}
