using Spectre.Console;

namespace Experiments.Tool.Output;

/// <summary>
/// Where the tool writes: results and progress to standard output, errors to standard error. Interactive only when
/// standard output is a terminal; redirected output (CI logs, files, tests) gets plain lines without colour or
/// cursor movement.
/// </summary>
public sealed class ToolConsole
{
    public ToolConsole(IAnsiConsole output, IAnsiConsole error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
    }

    public IAnsiConsole Out { get; }

    public IAnsiConsole Error { get; }

    public bool Interactive { get; }

    public static ToolConsole CreateDefault()
    {
        var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return new ToolConsole(Create(Console.Out, Console.IsOutputRedirected), Create(Console.Error, Console.IsErrorRedirected), interactive);
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        // A redirected console has no width; tables wrapped at 80 columns are hard to read in logs and to parse.
        if (redirected)
            console.Profile.Width = 200;
        return console;
    }

    /// <summary>
    /// A line of plain text, as is: no markup (names and messages may hold '['), and no wrapping, so a long key or
    /// message stays one line that scripts and tests can find.
    /// </summary>
    public void Line(string text = "") => Out.Profile.Out.Writer.WriteLine(text);

    /// <summary>A plain line on standard error.</summary>
    public void ErrorLine(string text) => Error.Profile.Out.Writer.WriteLine(text);

    public void Warning(string text) => ErrorLine("warning: " + text);

    /// <summary>
    /// A table: drawn as Spectre draws it on a terminal; as plain lines without trailing blanks or blank border rows
    /// when redirected, so logs and scripts get clean text.
    /// </summary>
    public void Table(Table table)
    {
        if (Interactive)
        {
            Out.Write(table);
            return;
        }
        var text = new StringWriter();
        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        plain.Profile.Width = Out.Profile.Width;
        plain.Write(table);
        var lines = text.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        // The rule under the header spans the padded width; as long as the widest row is enough.
        var widest = lines.Where(l => !IsRule(l)).Select(l => l.Length).DefaultIfEmpty(0).Max();
        foreach (var line in lines)
            Line(IsRule(line) && line.Length > widest ? line[..widest] : line);
    }

    private static bool IsRule(string line) => line.Length > 0 && line.All(c => c is '─' or '━' or '═' or '-' or ' ');
}
