using System.CommandLine;
using System.Text.RegularExpressions;
using Experiments.TestSupport;
using Experiments.Tool.Cli;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

/// <summary>
/// The README's command tables and the tool's <c>--help</c> say the same, both ways: every command the tool has is in
/// the commands table with the arguments its help shows, and no other; every option a command's help lists is
/// documented for that command (in its row, in an "Options of `command`" table, or in the common options table), and
/// every option the README gives a command is one its help lists.
/// </summary>
public sealed partial class ReadmeHelpTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).Replace("\r\n", "\n");

    [Fact]
    public void The_commands_table_lists_the_commands_of_the_top_level_help_with_the_same_arguments()
    {
        var help = Help();
        var helpCommands = HelpSection(help, "Commands").Select(row => row.Label).ToArray();
        var readmeCommands = CommandRows().Select(r => r.Usage).ToArray();

        Assert.Equal(helpCommands.Select(Name).Order(StringComparer.Ordinal), readmeCommands.Select(Name).Order(StringComparer.Ordinal));
        foreach (var label in helpCommands)
        {
            var usage = readmeCommands.Single(u => Name(u) == Name(label));
            Assert.True(usage.StartsWith(label, StringComparison.Ordinal), $"README's `{usage}` does not start with the help's `{label}`");
        }
        // Optional arguments look optional in the top-level help, as in each command's own usage line.
        Assert.Contains("run [EXPERIMENT…]", helpCommands);
        Assert.Contains("resume [RUN]", helpCommands);
        Assert.Contains("status [RUN]", helpCommands);
    }

    [Fact]
    public void Every_option_of_every_command_s_help_is_documented_for_it_and_every_documented_option_is_in_its_help()
    {
        var problems = new List<string>();
        foreach (var (usage, row) in CommandRows())
        {
            var command = Name(usage);
            var helpOptions = HelpSection(Help(command, "--help"), "Options")
                .Select(r => HelpValue().Replace(r.Label, "").Split(", ").ToHashSet(StringComparer.Ordinal))
                .Where(aliases => !aliases.Contains("--help"))
                .ToArray();
            var documented = OptionNames().Matches(usage).Select(m => m.Value)
                .Concat(Options(row))
                .Concat(OptionsTable(command))
                .Concat(CommonOptions().Where(c => c.Commands is null || c.Commands.Contains(command)).SelectMany(c => c.Options))
                .ToHashSet(StringComparer.Ordinal);

            foreach (var aliases in helpOptions.Where(a => !a.Overlaps(documented)))
                problems.Add($"`{command} --help` lists {string.Join(", ", aliases)}, which the README does not document for {command}");
            foreach (var option in documented.Where(o => !helpOptions.Any(a => a.Contains(o))))
                problems.Add($"the README gives {command} the option {option}, which `{command} --help` does not list");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The tool's help output, exactly as `dotnet experiment ARGS` prints it.</summary>
    private static string Help(params string[] arguments)
    {
        var console = new TestConsole();
        var output = new StringWriter();
        var exit = ToolApp.CreateRoot(console.Console).Parse(arguments.Length == 0 ? ["--help"] : arguments)
            .Invoke(new InvocationConfiguration { Output = output });
        Assert.Equal(0, exit);
        return output.ToString().Replace("\r\n", "\n");
    }

    /// <summary>The rows of a help section ("Options:", "Commands:"): label and description, split at two spaces.</summary>
    private static IEnumerable<(string Label, string Description)> HelpSection(string help, string section)
    {
        var start = help.IndexOf($"\n{section}:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {section}: section in\n{help}");
        foreach (var line in help[(start + section.Length + 3)..].Split('\n').TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)))
        {
            var parts = HelpColumns().Split(line.Trim(), 2);
            yield return (parts[0], parts.Length > 1 ? parts[1] : "");
        }
    }

    /// <summary>The rows of the README's commands table: the command's usage (first cell) and the rest of the row.</summary>
    private static IEnumerable<(string Usage, string Row)> CommandRows() =>
        Table("| command | what it does |").Select(cells => (Code(cells[0]), string.Join(" | ", cells.Skip(1))));

    /// <summary>The options in the first column of the README's "Options of `command`:" table, if it has one.</summary>
    private static IEnumerable<string> OptionsTable(string command) =>
        Readme.Contains($"\nOptions of `{command}`:\n", StringComparison.Ordinal)
            ? Table($"\nOptions of `{command}`:\n\n| option | meaning |").SelectMany(cells => Options(cells[0]))
            : [];

    /// <summary>The README's common options table: its options, and the commands that take them (null: every command).</summary>
    private static IEnumerable<(string[] Options, string[]? Commands)> CommonOptions() =>
        Table("| option | commands | meaning |").Select(cells => (
            Options(cells[0]).ToArray(),
            cells[1].Trim() == "every command" ? null : Regex.Matches(cells[1], "`([a-z]+)`").Select(m => m.Groups[1].Value).ToArray()));

    /// <summary>The body rows of the markdown table that starts with <paramref name="header"/>, as cells (escaped pipes kept).</summary>
    private static IEnumerable<string[]> Table(string header)
    {
        var start = Readme.IndexOf(header, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no table starting {header.Trim()}");
        var lines = Readme[(start + header.Length)..].TrimStart('\n').Split('\n').Skip(1).TakeWhile(l => l.StartsWith('|'));
        return lines.Select(l => CellBorders().Split(l.Trim().Trim('|')).Select(c => c.Trim()).ToArray());
    }

    /// <summary>Options named in code spans (<c>--where</c>, <c>-m</c>), never those in prose or inside words.</summary>
    private static IEnumerable<string> Options(string markdown) =>
        CodeSpans().Matches(markdown).SelectMany(span => OptionNames().Matches(span.Groups[1].Value).Select(m => m.Value));

    private static string Code(string cell) => CodeSpans().Match(cell) is { Success: true } m ? m.Groups[1].Value.Replace("\\|", "|") : cell;

    private static string Name(string usage) => usage.Split(' ')[0];

    /// <summary>An option's value name and the REQUIRED mark after its aliases: <c>-p, --project &lt;PATH&gt;</c>.</summary>
    [GeneratedRegex(@"\s*(<[^>]*>|\(REQUIRED\))")]
    private static partial Regex HelpValue();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex HelpColumns();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellBorders();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpans();

    [GeneratedRegex(@"(?<![\w-])--?[a-zA-Z][\w-]*")]
    private static partial Regex OptionNames();
}
