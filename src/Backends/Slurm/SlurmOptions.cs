namespace Experiments.Backends.Slurm;

/// <summary>
/// The <c>slurm</c> section of the repository's experiments config file. Every key is optional except
/// <see cref="SharedDirectory"/>: the cluster's defaults apply to what is not set.
/// </summary>
public sealed record SlurmOptions
{
    /// <summary>The config section's name; error messages name keys as <c>slurm.{key}</c>.</summary>
    public const string Section = "slurm";

    /// <summary>Default when neither the config nor <c>scontrol show config</c> tells: Slurm's own default MaxArraySize.</summary>
    public const int FallbackMaxArraySize = 1001;

    /// <summary><c>--partition</c>; null for the cluster's default partition.</summary>
    public string? Partition { get; init; }

    /// <summary><c>--account</c>; null for the user's default account.</summary>
    public string? Account { get; init; }

    /// <summary><c>--qos</c>; null for the account's default QOS.</summary>
    public string? Qos { get; init; }

    /// <summary>
    /// The longest a task may run, in Slurm's time format (<c>90</c>, <c>1:30:00</c>, <c>2-00:00:00</c>): used as
    /// <c>--time</c> when points have no timeout, and as the cap when timeout × points would ask for more.
    /// </summary>
    public string? TimeLimit { get; init; }

    /// <summary>Further <c>#SBATCH</c> options, each one option as sbatch takes it (<c>--constraint=avx2</c>).</summary>
    public IReadOnlyList<string> SbatchOptions { get; init; } = [];

    /// <summary>An absolute directory every node sees (packages, plans, results), as a path on the cluster.</summary>
    public string SharedDirectory { get; init; } = "";

    /// <summary>The login node to reach over ssh (a name from the user's ssh config); null to run Slurm commands here.</summary>
    public string? Host { get; init; }

    /// <summary>The most tasks per array job; null to read MaxArraySize from <c>scontrol show config</c>.</summary>
    public int? MaxArraySize { get; init; }

    /// <summary>The most tasks of one array running at once (<c>--array=…%N</c>); null for no cap.</summary>
    public int? Concurrency { get; init; }

    /// <summary>Every problem with these settings, each naming the key, what was wrong and what is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(SharedDirectory))
            problems.Add($"{Key("sharedDirectory")} is required: an absolute directory on the cluster that every node sees, e.g. /scratch/$USER/experiments.");
        else if (!SharedDirectory.StartsWith('/'))
            problems.Add($"{Key("sharedDirectory")} is '{SharedDirectory}'; it must be an absolute path on the cluster (starting with /).");
        else if (SharedDirectory.FirstOrDefault(c => !IsPathCharacter(c)) is var bad and not '\0')
            // It is written into #SBATCH --output lines, where sbatch reads % as a pattern and has no quoting to rely on,
            // and reaches the login node's shell inside ssh and rsync command lines (rsync before 3.2.4 lets the remote
            // shell split and expand a remote path): only characters that mean nothing to either pass.
            problems.Add($"{Key("sharedDirectory")} is '{SharedDirectory}'; it may not hold spaces, quotes, backslashes, % or shell characters such as $ ; & | * ? ( ) ` ~ (found '{bad}'), " +
                "since it goes into #SBATCH lines and commands on the login node: use letters, digits and / . _ - + , @ =.");
        CheckName(problems, "partition", Partition);
        CheckName(problems, "account", Account);
        CheckName(problems, "qos", Qos);
        if (Host is not null && (Host.Length == 0 || Host.StartsWith('-') || Host.Any(char.IsWhiteSpace)))
            problems.Add($"{Key("host")} is '{Host}'; it must be an ssh destination such as login.cluster or user@login.cluster (no spaces, not starting with -), or left out to run Slurm commands on this machine.");
        if (TimeLimit is not null && !SlurmTimeLimit.TryParse(TimeLimit, out _))
            problems.Add($"{Key("timeLimit")} is '{TimeLimit}'; valid Slurm times are MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 90, 4:00:00, 2-00:00:00), greater than zero.");
        if (MaxArraySize is < 1)
            problems.Add($"{Key("maxArraySize")} is {MaxArraySize}; it must be at least 1 (leave it out to read MaxArraySize from the cluster).");
        if (Concurrency is < 1)
            problems.Add($"{Key("concurrency")} is {Concurrency}; it must be at least 1 (leave it out for no cap).");
        foreach (var option in SbatchOptions)
        {
            if (!option.StartsWith('-') || option.Contains('\n') || option.Contains('\r'))
                problems.Add($"{Key("sbatchOptions")} holds '{option}'; each entry must be one sbatch option on one line, starting with - (e.g. --constraint=avx2).");
            else if (SbatchScript.ManagedOption(option) is { } managed)
                problems.Add($"{Key("sbatchOptions")} holds '{option}'; {Abbreviation(option, managed)}{managed} is set by the backend, {ManagedHint(managed)}.");
        }
        return problems;
    }

    /// <summary>Throws <see cref="SlurmOptionsException"/> listing every problem, if there are any.</summary>
    public SlurmOptions Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new SlurmOptionsException(problems);
    }

    /// <summary>The configured time limit, parsed; null when not set.</summary>
    public TimeSpan? ParsedTimeLimit => TimeLimit is null ? null : SlurmTimeLimit.Parse(TimeLimit);

    private static string Key(string name) => $"{Section}.{name}";

    private static bool IsPathCharacter(char c) => char.IsLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ',' or '@' or '=';

    private static void CheckName(List<string> problems, string key, string? value)
    {
        // These go on #SBATCH lines and into sbatch arguments; whitespace or a leading '-' would change the command.
        if (value is not null && (value.Length == 0 || value.StartsWith('-') || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            problems.Add($"{Key(key)} is '{value}'; it must be a Slurm {key} name (no spaces, not starting with -), or left out for the cluster's default.");
    }

    /// <summary>Why a name that is not the managed option's own is still that option (sbatch reads the start of a name as the name).</summary>
    private static string Abbreviation(string option, string managed)
    {
        var name = SbatchScript.OptionName(option);
        return name.StartsWith("--", StringComparison.Ordinal) && name != managed
            ? $"sbatch reads '{name}' as {managed} (it takes the start of an option's name for the whole name), and "
            : "";
    }

    private static string ManagedHint(string option) => option switch
    {
        "--partition" or "--account" or "--qos" => $"use {Key(option[2..])} instead",
        "--time" => $"use {Key("timeLimit")} (and the experiments' Timeout) instead",
        "--array" => $"use {Key("concurrency")} and {Key("maxArraySize")} instead",
        "--cpus-per-task" or "--mem" or "--gres" => "from the experiment's Cpus, Memory and Gpus",
        _ => "so it cannot be overridden",
    };
}
