namespace Experiments.Backends.Slurm;

/// <summary>An accepted submission: <c>sbatch --parsable</c> prints <c>id</c>, or <c>id;cluster</c> on a multi-cluster setup.</summary>
public sealed record SbatchAnswer(string JobId, string? Cluster);

public static class SbatchOutput
{
    /// <summary>
    /// Reads the job id from <c>sbatch --parsable</c>'s standard output. Site submit filters may print notices first,
    /// so the last non-empty line is the answer.
    /// </summary>
    public static SbatchAnswer Parse(string standardOutput)
    {
        var line = standardOutput.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (line is null)
            throw new SlurmOutputException("sbatch --parsable", standardOutput, "it printed no job id");
        var separator = line.IndexOf(';');
        var id = separator < 0 ? line : line[..separator];
        var cluster = separator < 0 ? null : line[(separator + 1)..];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new SlurmOutputException("sbatch --parsable", standardOutput, $"'{line}' is not a job id (digits, optionally ;cluster)");
        return new SbatchAnswer(id, string.IsNullOrEmpty(cluster) ? null : cluster);
    }
}
