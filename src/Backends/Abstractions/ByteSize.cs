using System.Globalization;

namespace Experiments.Backends;

/// <summary>Sizes as people read them ("115 MB", "4.2 kB"), and the size of a folder on this machine.</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB"];

    /// <summary>Decimal units (as <c>du --si</c> and file managers show), three significant figures at most.</summary>
    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < Units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        var text = unit == 0 || value >= 100
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString(value >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
        return $"{text} {Units[unit]}";
    }

    /// <summary>Every file under <paramref name="directory"/>, in bytes; 0 when it does not exist.</summary>
    public static long OfDirectory(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;
}
