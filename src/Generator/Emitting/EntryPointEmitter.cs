using Experiments.Generator.Model;

namespace Experiments.Generator.Emitting;

/// <summary>
/// Emits the program's Main: the worker when the app is started as one (WorkerHost decides), otherwise exactly what
/// xunit v3's own generated entry point does, so one executable is both the test app and the worker.
/// </summary>
internal static class EntryPointEmitter
{
    public const string HintName = "Experiments.EntryPoint.g.cs";

    private const string ConsoleRunner = "return global::Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();";
    private const string TestingPlatform =
        "return global::Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult();";

    public static string Emit(GenerationOptions options)
    {
        var w = new SourceWriter().Header();
        w.Open($"namespace {options.EntryPointNamespace}");
        w.Line("/// <summary>The program: an experiments worker when started as one, else the xunit test runner.</summary>");
        w.Line("[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Open("internal static class ExperimentsEntryPoint");
        w.Open("public static int Main(string[] args)");
        w.Line("if (global::Experiments.Worker.WorkerHost.IsWorkerInvocation(args))");
        w.Line("    return global::Experiments.Worker.WorkerHost.Run(args);");
        if (options.HasConsoleRunner && options.HasTestingPlatform)
        {
            // The same choice, in the same order, as xunit's generated entry point for this project's runner setting.
            if (options.TestingPlatformFirst)
            {
                w.Line("if (global::System.Linq.Enumerable.Any(args, arg => arg == \"-automated\" || arg == \"@@\"))");
                w.Line("    " + ConsoleRunner);
                w.Line(TestingPlatform);
            }
            else
            {
                w.Line("if (global::System.Linq.Enumerable.Any(args, arg => arg == \"--server\" || arg == \"--internal-msbuild-node\"))");
                w.Line("    " + TestingPlatform);
                w.Line(ConsoleRunner);
            }
        }
        else if (options.HasConsoleRunner)
        {
            w.Line(ConsoleRunner);
        }
        else if (options.HasTestingPlatform)
        {
            w.Line(TestingPlatform);
        }
        else
        {
            w.Line("global::System.Console.Error.WriteLine(\"This program runs experiments as a worker of `dotnet experiment run`; " +
                   "reference xunit.v3 to run them as tests too.\");");
            w.Line("return 2;");
        }
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }
}
