using Experiments.Backends.Configuration;

namespace Experiments.Backends.Slurm;

/// <summary>The <c>slurm</c> section of the experiments config file: binding, and the commented template <c>init</c> writes.</summary>
public static class SlurmConfig
{
    public static IReadOnlyList<string> Keys { get; } =
        ["sharedDirectory", "host", "partition", "account", "qos", "timeLimit", "sbatchOptions", "maxArraySize", "concurrency"];

    /// <summary>Reads and checks the section; throws <see cref="ConfigException"/> naming the file and every bad key.</summary>
    public static SlurmOptions Bind(ConfigSection section)
    {
        section.CheckKeys(Keys);
        var options = new SlurmOptions
        {
            SharedDirectory = section.String("sharedDirectory") ?? "",
            Host = section.String("host"),
            Partition = section.String("partition"),
            Account = section.String("account"),
            Qos = section.String("qos"),
            TimeLimit = section.String("timeLimit"),
            SbatchOptions = section.Strings("sbatchOptions") ?? [],
            MaxArraySize = section.Int("maxArraySize"),
            Concurrency = section.Int("concurrency"),
        };
        section.ThrowIfProblems(section.Unreported(options.Problems()));
        return options;
    }

    /// <summary>The section <c>dotnet experiment init --backend slurm</c> adds (JSON with comments, which the tool reads).</summary>
    public const string Template = """
  "slurm": {
    // Required: a directory every compute node sees, as a path on the cluster. Packages (one self-contained app per
    // build) go to packages/, each run's plan, records, task logs and sbatch scripts to runs/<run-id>/.
    "sharedDirectory": "CHANGE-ME to an absolute path such as /scratch/your-name/experiments",

    // The login node, as named in your ssh config; every Slurm command and copy then goes over ssh/rsync with your own
    // keys. Leave it out when you run dotnet experiment on the login node itself.
    // "host": "login.cluster.example.org",

    // sbatch --partition, --account, --qos; left out, the cluster's defaults apply.
    // "partition": "compute",
    // "account": "my-project",
    // "qos": "normal",

    // The longest a task may ask for (Slurm time: 90, 4:00:00, 2-00:00:00). Tasks ask for Timeout x points + margin
    // when the experiment has a Timeout, capped here; without a Timeout this is the task's --time.
    // "timeLimit": "4:00:00",

    // More #SBATCH lines, one option each (the backend sets --array, --time, --cpus-per-task, --mem, --gres itself).
    // "sbatchOptions": ["--constraint=avx2", "--mail-type=FAIL"],

    // The most tasks in one array job; left out, read from `scontrol show config` (MaxArraySize).
    // "maxArraySize": 1001,

    // The most tasks of one array running at once (--array=...%N); left out, no cap.
    // "concurrency": 200
  }
""";
}
