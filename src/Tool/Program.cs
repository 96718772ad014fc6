using Experiments.Tool.Cli;
using Experiments.Tool.Output;

namespace Experiments.Tool;

internal static class Program
{
    public static Task<int> Main(string[] args) => ToolApp.RunAsync(args, ToolConsole.CreateDefault());
}
