using System.Diagnostics;

namespace Experiments.Tool.Journal;

/// <summary>Tells a run whose tool is still at work from one whose tool was killed (both journaled as submitted).</summary>
public static class RunLiveness
{
    public static bool IsAlive(RunInfo run)
    {
        if (run.Status is not (RunStatus.Planned or RunStatus.Submitted))
            return false;
        if (run.ToolProcessId is not { } pid || run.MachineName != Environment.MachineName || pid == Environment.ProcessId)
            return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            // A recycled id belongs to some other program; the tool runs as dotnet or its dotnet-experiment apphost.
            return !process.HasExited && process.ProcessName.StartsWith("dotnet", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
