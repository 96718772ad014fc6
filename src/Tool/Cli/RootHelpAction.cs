using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Experiments.Tool.Cli;

/// <summary>
/// <c>dotnet experiment --help</c>: the command list with each command's arguments as its own usage shows them —
/// <c>run [EXPERIMENT…]</c>, <c>status [RUN]</c>, <c>export &lt;EXPERIMENT&gt;</c> — where System.CommandLine's list
/// writes every argument as if it were required. A command's own help is System.CommandLine's.
/// </summary>
public sealed class RootHelpAction(RootCommand root, CommandLineAction fallback) : SynchronousCommandLineAction
{
    public const string ToolName = "dotnet experiment";

    public override bool ClearsParseErrors => true;

    /// <summary>Puts this action on the root's help option (which its subcommands share).</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new RootHelpAction(root, help.Action ?? new HelpAction());
    }

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command != root)
            return fallback is SynchronousCommandLineAction synchronous ? synchronous.Invoke(parseResult) : 0;
        var output = parseResult.InvocationConfiguration.Output;
        output.Write(Text(root));
        return 0;
    }

    /// <summary>The root help text.</summary>
    public static string Text(RootCommand root)
    {
        var text = new System.Text.StringBuilder();
        text.Append($"Description:\n  {root.Description}\n\nUsage:\n  {ToolName} [command] [options]\n\nOptions:\n");
        Rows(text, root.Options.Where(o => !o.Hidden).Select(o => (string.Join(", ", new[] { o.Name }.Concat(o.Aliases).Where(n => !n.StartsWith('/')).OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)), o.Description ?? "")));
        text.Append("\nCommands:\n");
        Rows(text, root.Subcommands.Where(c => !c.Hidden).Select(c => (Label(c), c.Description ?? "")));
        return text.ToString().Replace("\n", Environment.NewLine);
    }

    /// <summary>The command's name and its arguments: <c>&lt;NAME&gt;</c> when required, <c>[NAME]</c> when not, <c>…</c> when repeatable.</summary>
    public static string Label(Command command)
    {
        var parts = new List<string> { command.Name };
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var name = argument.Name + (argument.Arity.MaximumNumberOfValues > 1 ? "…" : "");
            parts.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : $"<{name}>");
        }
        return string.Join(" ", parts);
    }

    private static void Rows(System.Text.StringBuilder text, IEnumerable<(string Label, string Description)> rows)
    {
        var all = rows.ToArray();
        var width = all.Max(r => r.Label.Length) + 2;
        foreach (var (label, description) in all)
            text.Append("  ").Append(label.PadRight(width)).Append(description).Append('\n');
    }
}
