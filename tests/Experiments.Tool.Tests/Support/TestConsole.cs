using Experiments.Tool.Output;
using Spectre.Console;

namespace Experiments.Tool.Tests.Support;

/// <summary>A <see cref="ToolConsole"/> writing to strings, as redirected output would (no colour, no live display).</summary>
public sealed class TestConsole
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public TestConsole() => Console = new ToolConsole(Create(_out), Create(_error), interactive: false);

    public ToolConsole Console { get; }

    public string Output => _out.ToString().Replace("\r\n", "\n");

    public string Error => _error.ToString().Replace("\r\n", "\n");

    private static IAnsiConsole Create(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }
}
