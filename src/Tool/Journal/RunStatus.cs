namespace Experiments.Tool.Journal;

/// <summary>Where a run got to; the journal moves it forward one step at a time, so a kill leaves the last step reached.</summary>
public enum RunStatus
{
    /// <summary>The plan is written; nothing was submitted yet (or the tool was killed while submitting).</summary>
    Planned,

    /// <summary>Submitted; the submission is journaled. Still running, or the tool was killed while it ran.</summary>
    Submitted,

    /// <summary>Finished and recorded in the results files.</summary>
    Recorded,

    /// <summary>Stopped by the user; what had finished was recorded.</summary>
    Interrupted,

    /// <summary>A later run (<c>resume</c>) collected what it left and took over its remaining points.</summary>
    Resumed,
}
