namespace Experiments.Backends.Slurm;

/// <summary>
/// One <c>squeue</c> call for every array of a submission: <c>squeue -h -r -t all -j ID,ID,… -o '%i|%T|%r'</c>. With
/// <c>-t all</c> squeue also shows how tasks ended for as long as the controller remembers them (<c>MinJobAge</c>); a task
/// missing from it ended longer ago, and sacct (where the cluster keeps accounting) tells how.
/// </summary>
public static class SqueueOutput
{
    public const string Format = "%i|%T|%r";

    private const string Command = "squeue";

    /// <summary>The arguments after <c>squeue</c> for these job ids.</summary>
    public static IReadOnlyList<string> Arguments(IEnumerable<string> jobIds) =>
        ["-h", "-r", "-t", "all", "-j", string.Join(',', jobIds), "-o", Format];

    /// <summary>One report per array task; a pending range (when <c>-r</c> was not honoured) gives one per index.</summary>
    public static IReadOnlyList<SlurmTaskReport> Parse(string standardOutput)
    {
        var reports = new List<SlurmTaskReport>();
        foreach (var line in Lines(standardOutput))
        {
            var fields = line.Split('|');
            if (fields.Length != 3)
                throw new SlurmOutputException(Command, standardOutput, $"the line '{line}' does not have the three fields of -o '{Format}'");
            var id = SlurmJobId.Parse(fields[0].Trim(), Command);
            var state = SlurmStates.Map(fields[1], fields[2]);
            if (id.ArrayIndexes is null)
                reports.Add(new SlurmTaskReport(id.JobId, null, state, fields[1].Trim()));
            else
                reports.AddRange(id.ArrayIndexes.Select(i => new SlurmTaskReport(id.JobId, i, state, fields[1].Trim())));
        }
        return reports;
    }

    internal static IEnumerable<string> Lines(string output) =>
        output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
