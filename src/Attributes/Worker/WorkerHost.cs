using System.Runtime.InteropServices;
using System.Text;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.Worker.Remote;

namespace Experiments.Worker;

/// <summary>
/// The worker entry point: the generated <c>Main</c> of an experiment app calls <see cref="Run"/> when
/// <see cref="IsWorkerInvocation"/> says it was started as a worker — by the local backend, a Slurm array task or a
/// cloud batch task. It reads the plan, checks that the app's grids match it, runs its task's points through the
/// generated registry and appends one record per attempt to the store.
/// </summary>
public static class WorkerHost
{
    public static bool IsWorkerInvocation(string[] args) =>
        (args.Length > 0 && args[0] == WorkerOptions.WorkerFlag)
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(WorkerOptions.PlanVariable));

    /// <summary>Runs as a worker and returns the process exit code (<see cref="WorkerExitCodes"/>).</summary>
    public static int Run(string[] args)
    {
        // stdout carries only the protocol; whatever user code prints goes to stderr, the worker's log. Both hold back
        // the lines written for every point (protocol notices, output markers) and write them in batches.
        using var protocolStream = new CoalescingWriter(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { NewLine = "\n" });
        using var log = new CoalescingWriter(new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { NewLine = "\n" });
        Console.SetError(log);
        Console.SetOut(log);
        void Protocol(string line)
        {
            if (WorkerProtocol.IsNotice(line))
                protocolStream.WriteLineLater(line);
            else
                protocolStream.WriteLine(line);
        }

        using var stop = new WorkerStop();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, stop));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, stop));
        try
        {
            var options = WorkerOptions.Parse(args, Environment.GetEnvironmentVariable);
            var entry = System.Reflection.Assembly.GetEntryAssembly();
            if (entry is not null)
                ExperimentRegistry.EnsureRegistered(entry);
            // A plan or store in object storage is staged in a local directory; records are uploaded as they are written.
            using var remote = RemoteWorkerSession.Prepare(options);
            if (remote is null)
                return RunAsync(options, stop, Protocol, Console.In, Exit, marker: log.WriteLineLater, afterCrash: Flush).GetAwaiter().GetResult();
            // A point that calls Environment.Exit ends the process between uploads: its started record must still reach
            // the store, or the task's retry cannot tell that the point crashed and runs it as new.
            EventHandler flushOnExit = (_, _) => remote.TryFlush();
            AppDomain.CurrentDomain.ProcessExit += flushOnExit;
            try
            {
                var code = RunAsync(
                    remote.LocalOptions, stop, remote.Observe(Protocol), Console.In,
                    exitCode => { remote.TryFlush(); Exit(exitCode); },
                    marker: log.WriteLineLater,
                    afterCrash: () => { Flush(); remote.TryFlush(); }).GetAwaiter().GetResult();
                remote.Flush();
                return code;
            }
            finally
            {
                AppDomain.CurrentDomain.ProcessExit -= flushOnExit;
            }
        }
        catch (Exception e) when (e is WorkerInvocationException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"experiments worker: {e.Message}");
            Protocol(WorkerProtocol.Error(e.Message));
            return WorkerExitCodes.InvalidInvocation;
        }

        // What is held back reaches the tool before the process ends, however it ends short of a hard crash.
        void Flush()
        {
            log.Flush();
            protocolStream.Flush();
        }

        void Exit(int exitCode)
        {
            Flush();
            Environment.Exit(exitCode);
        }
    }

    /// <summary>The worker with its inputs and outputs passed in (what <see cref="Run"/> wires to the process).</summary>
    internal static async Task<int> RunAsync(
        WorkerOptions options,
        WorkerStop stop,
        Action<string> protocol,
        TextReader input,
        Action<int> exit,
        Func<string, GeneratedExperiment?>? find = null,
        IEnumerable<string>? known = null,
        Action? afterCrash = null,
        Action<string>? marker = null)
    {
        find ??= ExperimentRegistry.Find;
        known ??= ExperimentRegistry.All.Select(e => e.Descriptor.Name);
        var plan = RunPlanJson.ReadFile(options.PlanPath);
        var experiments = PlanCheck.Resolve(plan, options.PlanPath, find, known);
        Directory.CreateDirectory(PointRecordFiles.RecordsDirectory(options.StorePath));
        var runner = new TaskRunner(plan, experiments, options.StorePath, stop, protocol, options.TimeoutGrace, exit, marker ?? Console.Error.WriteLine);
        UnhandledExceptionEventHandler onCrash = (_, e) =>
        {
            runner.RecordCrash(e.ExceptionObject as Exception ?? new Exception(e.ExceptionObject?.ToString()));
            afterCrash?.Invoke();
        };
        AppDomain.CurrentDomain.UnhandledException += onCrash;
        try
        {
            if (options.Serve)
            {
                using var parent = ParentWatch.Start(stop);
                return await new ServeLoop(input, stop).RunAsync(runner, protocol).ConfigureAwait(false);
            }
            var task = options.Task!.Value;
            if (task >= plan.Tasks.Count)
                throw new WorkerInvocationException($"Task {task} is not in the plan {options.PlanPath}, which has tasks 0..{plan.Tasks.Count - 1}.");
            protocol(WorkerProtocol.Ready());
            if (!await runner.RunAsync(task).ConfigureAwait(false))
                return stop.IsCancelled ? WorkerExitCodes.Cancelled : WorkerExitCodes.Success;
            protocol(WorkerProtocol.Done(task));
            return WorkerExitCodes.Success;
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= onCrash;
        }
    }

    // The first signal stops the worker gently (the running point is cancelled and recorded); the same signal again is
    // not intercepted, so an impatient Ctrl+C Ctrl+C still ends the process at once. Another kind of signal after it is
    // the same request once more, not impatience: a Ctrl+C in a terminal reaches the whole process group, and the tool
    // then sends SIGTERM to its workers as well — dying of that would leave the running point with no final record.
    private static void OnSignal(PosixSignalContext context, WorkerStop stop)
    {
        if (stop.CancelledBy is { } first && first == context.Signal)
            return;
        context.Cancel = true;
        stop.Cancel(context.Signal);
    }
}
