using System.Text.RegularExpressions;
using Experiments.Schema;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>Reading results files in end-to-end tests, and masking what differs between runs and machines.</summary>
public static partial class ResultsText
{
    public static ResultsFile Read(string path) =>
        ResultsFileReader.ReadIfExists(path) ?? throw new global::Xunit.Sdk.XunitException($"{path} was not written.");

    public static Dictionary<string, ResultsFilePoint> ByKey(string path) => Read(path).Points.ToDictionary(p => p.Key);

    /// <summary>Which run last recorded each point: kept beside the journal, not in the results file.</summary>
    public static IReadOnlyDictionary<string, string> RunByKey(string path) =>
        ResultsFileDurations.ReadEntries(path).ToDictionary(e => e.Key, e => e.Value.Run);

    /// <summary>The file's text with run ids, package ids, times, durations (and the runs' seconds) and the machine's .NET and OS replaced by placeholders.</summary>
    public static string Masked(string text)
    {
        var runIds = RunId().Matches(text).Select(m => m.Value).Distinct().ToArray();
        for (var i = 0; i < runIds.Length; i++)
            text = text.Replace(runIds[i], $"RUN-{i + 1}", StringComparison.Ordinal);
        text = PackageId().Replace(text, "\"packageId\": \"PACKAGE\"");
        text = Time().Replace(text, m => $"\"{m.Groups[1].Value}\": \"TIME\"");
        text = Duration().Replace(text, "\"duration\":D");
        text = Seconds().Replace(text, m => $"\"{m.Groups[1].Value}\":S");
        text = Machine().Replace(text, m => $"\"{m.Groups[1].Value}\": \"MACHINE\"");
        text = ToolVersion().Replace(text, "\"toolVersion\": \"VERSION\""); // from git: it changes with every commit
        return text;
    }

    [GeneratedRegex("[0-9]{8}-[0-9]{6}-[0-9a-f]{4}")]
    private static partial Regex RunId();

    [GeneratedRegex("\"packageId\": \"[0-9a-f]+\"")]
    private static partial Regex PackageId();

    [GeneratedRegex("\"(startedAt|endedAt)\": \"[^\"]+\"")]
    private static partial Regex Time();

    [GeneratedRegex("\"duration\":[0-9.]+")]
    private static partial Regex Duration();

    [GeneratedRegex("\"(medianSeconds|p90Seconds|maxSeconds|totalSeconds)\":[0-9.]+")]
    private static partial Regex Seconds();

    [GeneratedRegex("\"(dotnetVersion|os)\": \"[^\"]+\"")]
    private static partial Regex Machine();

    [GeneratedRegex("\"toolVersion\": \"[^\"]+\"")]
    private static partial Regex ToolVersion();
}
