using System.Globalization;

namespace Experiments.Backends.Slurm;

/// <summary>
/// One <c>sacct</c> call for every array of a submission: <c>sacct -n -P -X -j ID,ID,… -o JobID,State,ExitCode</c>.
/// Steps (<c>.batch</c>, <c>.extern</c>, <c>.0</c>) are skipped even when <c>-X</c> is not honoured: the allocation's
/// line is the task's state.
/// </summary>
public static class SacctOutput
{
    public const string Fields = "JobID,State,ExitCode";

    private const string Command = "sacct";

    /// <summary>The arguments after <c>sacct</c> for these job ids.</summary>
    public static IReadOnlyList<string> Arguments(IEnumerable<string> jobIds) =>
        ["-n", "-P", "-X", "-j", string.Join(',', jobIds), "-o", Fields];

    /// <summary>
    /// True when sacct failed because the cluster keeps no accounting (<c>AccountingStorageType=accounting_storage/none</c>,
    /// as on small clusters and the test cluster): then ended tasks are simply unknown, which is no error.
    /// </summary>
    public static bool AccountingDisabled(ShellResult result) =>
        !result.Succeeded && result.StandardError.Contains("accounting storage is disabled", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<SlurmTaskReport> Parse(string standardOutput)
    {
        var reports = new List<SlurmTaskReport>();
        foreach (var line in SqueueOutput.Lines(standardOutput))
        {
            var fields = line.Split('|');
            if (fields.Length != 3)
                throw new SlurmOutputException(Command, standardOutput, $"the line '{line}' does not have the three fields of -o {Fields}");
            var id = SlurmJobId.Parse(fields[0].Trim(), Command);
            if (id.Step is not null)
                continue;
            var slurmState = fields[1].Trim();
            var state = SlurmStates.Map(slurmState);
            var (exitCode, signal) = ParseExitCode(fields[2].Trim(), standardOutput);
            if (id.ArrayIndexes is null)
                reports.Add(new SlurmTaskReport(id.JobId, null, state, slurmState, exitCode, signal));
            else
                reports.AddRange(id.ArrayIndexes.Select(i => new SlurmTaskReport(id.JobId, i, state, slurmState, exitCode, signal)));
        }
        return reports;
    }

    // "code:signal"; empty for jobs that never started.
    private static (int? Code, int? Signal) ParseExitCode(string text, string output)
    {
        if (text.Length == 0)
            return (null, null);
        var colon = text.IndexOf(':');
        if (colon < 0
            || !int.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var signal))
            throw new SlurmOutputException(Command, output, $"'{text}' is not an exit code (code:signal)");
        return (code, signal);
    }
}
