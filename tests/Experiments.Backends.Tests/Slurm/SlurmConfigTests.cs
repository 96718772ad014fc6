using System.Text.Json;
using Experiments.Backends.Configuration;
using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SlurmConfigTests
{
    private const string File = "/repo/experiments.json";

    private static readonly JsonDocumentOptions ConfigFileOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [Fact]
    public void A_full_section_binds_every_key()
    {
        var options = Bind("""
            {
              "sharedDirectory": "/scratch/alice/experiments",
              "host": "alice@login.cluster",
              "partition": "gpu",
              "account": "proj-42",
              "qos": "long",
              "timeLimit": "1-12:00:00",
              "sbatchOptions": ["--constraint=avx2", "--mail-type=FAIL"],
              "maxArraySize": 5000,
              "concurrency": 64
            }
            """);

        Assert.Equal(
            new SlurmOptions
            {
                SharedDirectory = "/scratch/alice/experiments", Host = "alice@login.cluster", Partition = "gpu", Account = "proj-42",
                Qos = "long", TimeLimit = "1-12:00:00", SbatchOptions = options.SbatchOptions, MaxArraySize = 5000, Concurrency = 64,
            },
            options);
        Assert.Equal(["--constraint=avx2", "--mail-type=FAIL"], options.SbatchOptions);
    }

    [Fact]
    public void Keys_left_out_or_null_take_the_clusters_defaults()
    {
        var options = Bind("""{ "sharedDirectory": "/scratch/exp", "partition": null, "maxArraySize": null, "sbatchOptions": null }""");

        Assert.Equal("/scratch/exp", options.SharedDirectory);
        Assert.Null(options.Partition);
        Assert.Null(options.Host);
        Assert.Null(options.MaxArraySize);
        Assert.Null(options.Concurrency);
        Assert.Empty(options.SbatchOptions);
    }

    [Fact]
    public void The_options_own_checks_come_through_naming_the_file_and_every_key()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("""
            { "sharedDirectory": "scratch/exp", "partition": "-gpu", "timeLimit": "forever", "maxArraySize": 0, "sbatchOptions": ["--time=10"] }
            """));

        Assert.Equal(File, error.File);
        Assert.StartsWith($"{File} has 5 problems:", error.Message);
        Assert.Collection(
            error.Problems,
            p => Assert.Contains("slurm.sharedDirectory is 'scratch/exp'; it must be an absolute path", p),
            p => Assert.Contains("slurm.partition is '-gpu'", p),
            p => Assert.Contains("slurm.timeLimit is 'forever'; valid Slurm times are", p),
            p => Assert.Contains("slurm.maxArraySize is 0; it must be at least 1", p),
            p => Assert.Contains("slurm.sbatchOptions holds '--time=10'; --time is set by the backend, use slurm.timeLimit", p));
        foreach (var problem in error.Problems)
            Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_missing_shared_directory_is_the_one_problem_of_an_otherwise_empty_section()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("{}"));

        Assert.StartsWith($"{File} has 1 problem:", error.Message);
        Assert.Contains("slurm.sharedDirectory is required", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_misspelt_key_is_named_with_the_key_it_was_meant_to_be()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("""{ "sharedDirectroy": "/scratch/exp" }"""));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("slurm.sharedDirectroy is not a setting of the slurm backend (did you mean sharedDirectory?)", problem);
        Assert.Contains("Valid keys: account, concurrency, host, maxArraySize, partition, qos, sbatchOptions, sharedDirectory, timeLimit.", problem);
    }

    [Fact]
    public void Type_errors_are_named_with_what_was_found_and_what_is_valid()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("""
            { "sharedDirectory": "/scratch/exp", "host": 42, "maxArraySize": "1001", "concurrency": 2.5, "sbatchOptions": "--constraint=avx2" }
            """));

        Assert.Equal(
            [
                "slurm.host must be a string, not the number 42.",
                "slurm.sbatchOptions must be a list of strings ([\"…\", \"…\"]), not the string \"--constraint=avx2\".",
                "slurm.maxArraySize must be a whole number, not the string \"1001\".",
                "slurm.concurrency must be a whole number, not the number 2.5.",
            ],
            error.Problems);
    }

    [Fact]
    public void A_type_error_and_a_bad_value_of_another_key_are_reported_together()
    {
        var error = Assert.Throws<ConfigException>(() => Bind("""{ "sharedDirectory": "scratch/exp", "maxArraySize": "big" }"""));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("slurm.maxArraySize must be a whole number", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("slurm.sharedDirectory is 'scratch/exp'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_init_template_parses_as_json_with_comments_and_binds()
    {
        using var document = JsonDocument.Parse(FullSection, ConfigFileOptions);
        var section = document.RootElement.GetProperty(SlurmOptions.Section);

        Assert.Equal(["sharedDirectory"], section.EnumerateObject().Select(p => p.Name));
        // Every key the template describes (commented out) is a key Bind knows, and the other way round.
        Assert.Equal(SlurmConfig.Keys.Order(StringComparer.Ordinal), KeysOf(SlurmConfig.Template).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_init_template_left_unedited_fails_only_on_its_shared_directory()
    {
        using var document = JsonDocument.Parse(FullSection, ConfigFileOptions);
        var section = new ConfigSection(File, SlurmOptions.Section, document.RootElement.GetProperty(SlurmOptions.Section));

        var error = Assert.Throws<ConfigException>(() => SlurmConfig.Bind(section));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("slurm.sharedDirectory is 'CHANGE-ME to an absolute path such as /scratch/your-name/experiments'", problem);
        Assert.Contains("it must be an absolute path on the cluster", problem);
    }

    [Fact]
    public void The_init_template_with_its_examples_uncommented_binds_every_key()
    {
        // What a user gets by filling in the shared directory and removing every `// ` before a "key": the examples work.
        using var document = JsonDocument.Parse(SectionText(FullSection), ConfigFileOptions);
        var section = new ConfigSection(File, SlurmOptions.Section, document.RootElement.GetProperty(SlurmOptions.Section));

        var options = SlurmConfig.Bind(section);

        Assert.Equal("/scratch/your-name/experiments", options.SharedDirectory);
        Assert.Equal("login.cluster.example.org", options.Host);
        Assert.Equal(("compute", "my-project", "normal"), (options.Partition, options.Account, options.Qos));
        Assert.Equal(TimeSpan.FromHours(4), options.ParsedTimeLimit);
        Assert.Equal(["--constraint=avx2", "--mail-type=FAIL"], options.SbatchOptions);
        Assert.Equal((1001, 200), (options.MaxArraySize, options.Concurrency));
    }

    private static string FullSection => "{" + SlurmConfig.Template + "}";

    private static SlurmOptions Bind(string sectionJson)
    {
        using var document = JsonDocument.Parse(sectionJson, ConfigFileOptions);
        return SlurmConfig.Bind(new ConfigSection(File, SlurmOptions.Section, document.RootElement.Clone()));
    }

    /// <summary>The template with its shared directory filled in and every commented example line made a setting.</summary>
    private static string SectionText(string fileText)
    {
        var lines = fileText.Split('\n').Select(line =>
        {
            var trimmed = line.TrimStart();
            return trimmed.StartsWith("// \"", StringComparison.Ordinal) ? line.Replace("// \"", "\"", StringComparison.Ordinal) : line;
        });
        return string.Join('\n', lines)
            .Replace("CHANGE-ME to an absolute path such as /scratch/your-name/experiments", "/scratch/your-name/experiments", StringComparison.Ordinal);
    }

    /// <summary>The keys a section text sets or describes in an example (a line starting with "key" or // "key").</summary>
    private static IEnumerable<string> KeysOf(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, "^\\s*(?://\\s*)?\"(\\w+)\":", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .Where(k => k != SlurmOptions.Section)
            .Distinct();
}
