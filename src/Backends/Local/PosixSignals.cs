using System.Runtime.InteropServices;

namespace Experiments.Backends.Local;

/// <summary>Sends SIGTERM, which .NET's Process cannot: a worker stops gently on it and records its running point as cancelled.</summary>
public static class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>True when the signal was sent; false on Windows or when the process is gone.</summary>
    public static bool Terminate(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
