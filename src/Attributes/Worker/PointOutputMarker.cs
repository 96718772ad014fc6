using System.Globalization;
using System.Text.RegularExpressions;
using Experiments.Schema;

namespace Experiments.Worker;

/// <summary>
/// The lines a worker writes to stderr (its log) around each point attempt, so whoever reads a log later — the tool's
/// <c>logs</c> command, a person opening a Slurm <c>.err</c> file — can tell which point printed what. Everything the
/// point prints (Console.Out, Console.Error, <c>context.Log</c>) lands between the two lines.
/// <code>
/// ──── point Sweeps.Failing.Throw x=2 · task 1 · attempt 1 ────
/// ──── end of point Sweeps.Failing.Throw x=2 · task 1 · attempt 1: failed ────
/// </code>
/// </summary>
public static partial class PointOutputMarker
{
    private const string Rule = "────";

    public static string Start(string experiment, string key, int task, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{Rule} point {experiment} {key} · task {task} · attempt {attempt} {Rule}");

    public static string End(string experiment, string key, int task, int attempt, PointStatus status) =>
        string.Create(CultureInfo.InvariantCulture, $"{Rule} end of point {experiment} {key} · task {task} · attempt {attempt}: {PointRecordJson.StatusText(status)} {Rule}");

    /// <summary>Reads a marker line; null for any other line.</summary>
    public static PointMarkerLine? Parse(string line)
    {
        if (!line.StartsWith(Rule, StringComparison.Ordinal))
            return null;
        var match = MarkerPattern().Match(line);
        if (!match.Success)
            return null;
        return new PointMarkerLine(
            match.Groups["end"].Success,
            match.Groups["experiment"].Value,
            match.Groups["key"].Value,
            int.Parse(match.Groups["task"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["attempt"].Value, CultureInfo.InvariantCulture),
            match.Groups["status"].Success ? match.Groups["status"].Value : null);
    }

    [GeneratedRegex(@"^──── (?:(?<end>end of )point|point) (?<experiment>\S+) (?<key>.*) · task (?<task>\d{1,9}) · attempt (?<attempt>\d{1,9})(?:: (?<status>\w+))? ────$", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}

/// <summary>One parsed marker line: the start or the end of a point attempt's output.</summary>
/// <param name="Status">On an end marker, how the attempt ended (succeeded | failed).</param>
public sealed record PointMarkerLine(bool IsEnd, string Experiment, string Key, int Task, int Attempt, string? Status);
