using System.Text.Json;
using Experiments.Backends.Configuration;

namespace Experiments.Tool.Tests.Unit.Config;

public sealed class ConfigSectionTests
{
    private const string File = "/repo/experiments.json";

    [Fact]
    public void Values_of_the_right_type_are_read()
    {
        var section = Section("""{ "name": "gpu", "size": 1001, "on": true, "off": false, "list": ["--a", "b c"], "none": [] }""");

        Assert.Equal("gpu", section.String("name"));
        Assert.Equal(1001, section.Int("size"));
        Assert.True(section.Bool("on"));
        Assert.False(section.Bool("off"));
        Assert.Equal(["--a", "b c"], section.Strings("list"));
        Assert.Equal([], section.Strings("none"));
        Assert.Empty(section.Problems);
    }

    [Fact]
    public void Null_values_and_missing_keys_count_as_absent()
    {
        var section = Section("""{ "name": null, "size": null, "on": null, "list": null }""");

        Assert.Null(section.String("name"));
        Assert.Null(section.Int("size"));
        Assert.Null(section.Bool("on"));
        Assert.Null(section.Strings("list"));
        Assert.Null(section.String("missing"));
        Assert.Empty(section.Problems);
    }

    [Theory]
    [InlineData("42", "the number 42")]
    [InlineData("true", "true")]
    [InlineData("[\"a\"]", "a list")]
    [InlineData("{}", "an object")]
    public void A_string_of_another_type_is_named_with_what_was_found(string json, string found)
    {
        var section = Section($$"""{ "partition": {{json}} }""");

        Assert.Null(section.String("partition"));
        Assert.Equal([$"slurm.partition must be a string, not {found}."], section.Problems);
    }

    [Theory]
    [InlineData("\"1001\"", "the string \"1001\"")]
    [InlineData("2.5", "the number 2.5")]
    [InlineData("3000000000", "the number 3000000000")]
    [InlineData("false", "false")]
    public void A_number_that_is_not_a_whole_int_is_named_with_what_was_found(string json, string found)
    {
        var section = Section($$"""{ "maxArraySize": {{json}} }""");

        Assert.Null(section.Int("maxArraySize"));
        Assert.Equal([$"slurm.maxArraySize must be a whole number, not {found}."], section.Problems);
    }

    [Theory]
    [InlineData("\"yes\"", "the string \"yes\"")]
    [InlineData("1", "the number 1")]
    public void A_flag_that_is_not_true_or_false_is_named_with_what_was_found(string json, string found)
    {
        var section = Section($$"""{ "verbose": {{json}} }""");

        Assert.Null(section.Bool("verbose"));
        Assert.Equal([$"slurm.verbose must be true or false, not {found}."], section.Problems);
    }

    [Theory]
    [InlineData("\"--constraint=avx2\"", "the string \"--constraint=avx2\"")]
    [InlineData("[\"--a\", 3]", "a list")]
    [InlineData("[null]", "a list")]
    public void A_list_that_is_not_all_strings_is_named_with_what_was_found(string json, string found)
    {
        var section = Section($$"""{ "sbatchOptions": {{json}} }""");

        Assert.Null(section.Strings("sbatchOptions"));
        Assert.Equal([$"slurm.sbatchOptions must be a list of strings ([\"…\", \"…\"]), not {found}."], section.Problems);
    }

    [Theory]
    [InlineData("sharedDirectroy", "sharedDirectory")]
    [InlineData("SharedDirectory", "sharedDirectory")]
    [InlineData("shared_directory", "sharedDirectory")]
    [InlineData("partiton", "partition")]
    [InlineData("maxArraySise", "maxArraySize")]
    [InlineData("hots", "host")]
    public void An_unknown_key_suggests_the_nearest_known_one(string typo, string meant)
    {
        var section = Section($$"""{ "{{typo}}": 1 }""");

        section.CheckKeys(Known);

        Assert.Equal(
            [$"slurm.{typo} is not a setting of the slurm backend (did you mean {meant}?). Valid keys: host, maxArraySize, partition, sharedDirectory."],
            section.Problems);
    }

    [Fact]
    public void An_unknown_key_like_no_known_one_lists_the_valid_keys_without_a_guess()
    {
        var section = Section("""{ "region": "eu-west-1" }""");

        section.CheckKeys(Known);

        Assert.Equal(["slurm.region is not a setting of the slurm backend. Valid keys: host, maxArraySize, partition, sharedDirectory."], section.Problems);
    }

    [Fact]
    public void Keys_starting_with_a_dollar_are_left_for_editors()
    {
        var section = Section("""{ "$comment": "ours", "host": "login" }""");

        section.CheckKeys(Known);

        Assert.Empty(section.Problems);
    }

    [Fact]
    public void A_section_that_is_not_an_object_is_one_problem_and_reads_as_empty()
    {
        var section = Section("\"/scratch/exp\"");

        section.CheckKeys(Known);

        Assert.Null(section.String("sharedDirectory"));
        Assert.Equal(["slurm must be an object of settings ({ \"key\": value, … }), not the string \"/scratch/exp\"."], section.Problems);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_the_file_named()
    {
        var section = Section("""{ "sharedDirectroy": "/x", "host": 1, "maxArraySize": "big" }""");
        section.CheckKeys(Known);
        section.String("host");
        section.Int("maxArraySize");

        var error = Assert.Throws<ConfigException>(() => section.ThrowIfProblems(["slurm.sharedDirectory is required."]));

        Assert.Equal(File, error.File);
        Assert.Equal(4, error.Problems.Count);
        Assert.Equal("slurm.sharedDirectory is required.", error.Problems[^1]);
        Assert.Equal(
            string.Join(Environment.NewLine, [$"{File} has 4 problems:", .. error.Problems.Select(p => "  " + p)]),
            error.Message);
    }

    [Fact]
    public void One_problem_is_reported_in_the_singular()
    {
        var error = Assert.Throws<ConfigException>(() => Section("{}").ThrowIfProblems(["slurm.sharedDirectory is required."]));

        Assert.Equal($"{File} has 1 problem:{Environment.NewLine}  slurm.sharedDirectory is required.", error.Message);
    }

    [Fact]
    public void Without_problems_nothing_is_thrown()
    {
        var section = Section("""{ "host": "login" }""");
        section.CheckKeys(Known);
        section.String("host");

        section.ThrowIfProblems([]);

        Assert.Empty(section.Problems);
        Assert.Equal(("slurm", File, "slurm.host"), (section.Name, section.File, section.Key("host")));
    }

    private static readonly string[] Known = ["sharedDirectory", "host", "partition", "maxArraySize"];

    private static ConfigSection Section(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ConfigSection(File, "slurm", document.RootElement.Clone());
    }
}
