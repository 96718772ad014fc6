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
}
