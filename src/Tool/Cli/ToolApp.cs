using System.CommandLine;
using System.Runtime.InteropServices;
using Experiments.Tool.Errors;
using Experiments.Tool.Output;

namespace Experiments.Tool.Cli;

/// <summary>
/// The command line: parse, run the command, and turn every way it can end into an exit code and one clear message.
/// User mistakes (<see cref="UserException"/>, parse errors) never show a stack trace.
/// </summary>
public static class ToolApp
{
    public static RootCommand CreateRoot(ToolConsole console)
    {
        var root = new RootCommand("dotnet experiment: run computational experiments written like unit tests, and record every result next to the code.")
        {
            ListCommand.Create(console),
            RunCommand.Create(console),
            ResumeCommand.Create(console),
            RunsCommand.Create(console),
            StatusCommand.Create(console),
            CancelCommand.Create(console),
            LogsCommand.Create(console),
            CleanCommand.Create(console),
            ReportCommand.Create(console),
            InitCommand.Create(console),
            DiffCommand.Create(console),
            ExportCommand.Create(console),
            ReproduceCommand.Create(console),
        };
        RootHelpAction.Install(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, ToolConsole console)
    {
        var root = CreateRoot(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var name = command == root ? "dotnet experiment" : $"dotnet experiment {command.Name}";
            if (command == root && parse.UnmatchedTokens.Count > 0)
            {
                // "Required command was not provided" would only distract from the misspelt command.
                console.ErrorLine($"error: Unknown command '{parse.UnmatchedTokens[0]}'. Valid commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))}.");
            }
            else
            {
                foreach (var error in parse.Errors)
                    console.ErrorLine($"error: {error.Message}");
            }
            console.ErrorLine($"See '{name} --help' for what is valid.");
            return ExitCodes.UserError;
        }

        using var cancel = new CancellationTokenSource();
        using var interrupt = Interrupts(cancel);
        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null, // ours: the run must get to record what finished
                    Output = console.Out.Profile.Out.Writer,
                    Error = console.Error.Profile.Out.Writer,
                },
                cancel.Token);
        }
        catch (UserException e)
        {
            console.ErrorLine($"error: {e.Message}");
            foreach (var detail in e.Details)
                console.ErrorLine($"  {detail}");
            return e.ExitCode;
        }
        catch (Experiments.Backends.BackendUserException e)
        {
            // What a backend tells the user (a service that refuses, a cancel that could not stop everything): as it is.
            console.ErrorLine($"error: {e.Message}");
            foreach (var hint in e.Hints)
                console.ErrorLine($"  {hint}");
            return ExitCodes.BackendFailed;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            console.ErrorLine("Cancelled.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            console.ErrorLine($"error: dotnet experiment failed unexpectedly: {e.GetType().Name}: {e.Message}");
            console.ErrorLine("This is a bug in the tool (or its environment); please report it with these details:");
            console.ErrorLine(e.ToString());
            return ExitCodes.InternalError;
        }
    }

    /// <summary>First Ctrl+C (or SIGTERM) cancels gracefully; a second Ctrl+C ends the process at once.</summary>
    private static IDisposable Interrupts(CancellationTokenSource cancel)
    {
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            if (cancel.IsCancellationRequested)
                return;
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += handler;
        var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        return new Unsubscribe(() =>
        {
            Console.CancelKeyPress -= handler;
            term.Dispose();
        });
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
