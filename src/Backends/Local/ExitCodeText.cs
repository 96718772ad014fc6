using Experiments.Worker;

namespace Experiments.Backends.Local;

/// <summary>What a worker process's exit code says, in words: on Unix a process ended by signal N exits with 128 + N.</summary>
internal static class ExitCodeText
{
    public static string Describe(int exitCode) => exitCode switch
    {
        WorkerExitCodes.Timeout => "124 (a point overran its timeout)",
        134 => "134 (SIGABRT: the runtime aborted, e.g. Environment.FailFast or a stack overflow)",
        137 => "137 (SIGKILL: killed, e.g. by the out-of-memory killer)",
        139 => "139 (SIGSEGV: a segmentation fault in native code)",
        143 => "143 (SIGTERM: terminated)",
        > 128 and < 160 => $"{exitCode} (signal {exitCode - 128})",
        _ => exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
