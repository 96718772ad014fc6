namespace Experiments.Backends.Slurm;

/// <summary>Slurm's job states (long names from <c>%T</c>/sacct, or squeue's short codes) in the backends' terms.</summary>
public static class SlurmStates
{
    /// <param name="state">The state as printed; sacct adds detail (<c>CANCELLED by 1000</c>), which is ignored.</param>
    /// <param name="reason">squeue's reason (<c>%r</c>) for pending jobs: a held job reads <c>JobHeldUser</c>/<c>JobHeldAdmin</c>.</param>
    public static TaskState Map(string state, string? reason = null)
    {
        return Name(state) switch
        {
            "PENDING" or "PD" => IsHeld(reason) ? TaskState.Held : TaskState.Pending,
            "REQUEUED" or "RQ" or "REQUEUE_FED" or "RF" => TaskState.Pending,
            "REQUEUE_HOLD" or "RH" or "RESV_DEL_HOLD" or "RD" or "SUSPENDED" or "S" or "STOPPED" or "ST" => TaskState.Held,
            "RUNNING" or "R" or "COMPLETING" or "CG" or "CONFIGURING" or "CF" or "STAGE_OUT" or "SO"
                or "RESIZING" or "RS" or "SIGNALING" or "SI" => TaskState.Running,
            "COMPLETED" or "CD" => TaskState.Succeeded,
            "FAILED" or "F" or "TIMEOUT" or "TO" or "NODE_FAIL" or "NF" or "OUT_OF_MEMORY" or "OOM" or "BOOT_FAIL" or "BF"
                or "DEADLINE" or "DL" or "PREEMPTED" or "PR" or "SPECIAL_EXIT" or "SE" => TaskState.Failed,
            "CANCELLED" or "CA" or "REVOKED" or "RV" => TaskState.Cancelled,
            _ => TaskState.Unknown,
        };
    }

    /// <summary>The state's bare name in capitals: <c>CANCELLED by 1000</c> → <c>CANCELLED</c>.</summary>
    public static string Name(string state)
    {
        var code = state.Trim();
        var space = code.IndexOf(' ');
        if (space >= 0)
            code = code[..space];
        if (code.EndsWith('+'))
            code = code[..^1]; // sacct truncates long names with '+' only when widths are fixed; -P never does, but be lenient
        return code.ToUpperInvariant();
    }

    /// <summary>True when the state will not change any more (sacct's final states).</summary>
    public static bool IsFinal(TaskState state) => state is TaskState.Succeeded or TaskState.Failed or TaskState.Cancelled;

    private static bool IsHeld(string? reason) =>
        reason is not null && reason.Trim() is "JobHeldUser" or "JobHeldAdmin";
}
