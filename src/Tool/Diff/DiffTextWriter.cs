namespace Experiments.Tool.Diff;

/// <summary>The diff for a terminal (and for <c>git diff</c> through the diff driver): each changed point, then the summary.</summary>
public static class DiffTextWriter
{
    /// <summary>Longer lists are cut in text and markdown; <c>--format json</c> lists every point.</summary>
    public const int MaxListedPoints = 50;

    public static void Write(TextWriter output, IReadOnlyList<ExperimentDiff> diffs)
    {
        foreach (var diff in diffs)
        {
            if (!diff.HasChanges)
            {
                output.WriteLine($"{diff.Experiment} ({diff.File}): no differences between {diff.From} and {diff.To}.");
                continue;
            }
            output.WriteLine($"{diff.Experiment} ({diff.File}): {diff.From} → {diff.To}");
            var width = Math.Min(48, diff.Changes.Take(MaxListedPoints).Max(c => c.Key.Length));
            foreach (var change in diff.Changes.Take(MaxListedPoints))
            {
                foreach (var (what, from, to) in PointChangeText.Entries(change))
                {
                    var line = what switch
                    {
                        "added" => $"added: {to}",
                        "removed" => $"removed (was {from})",
                        "gone stale" or "back in the grid" => what,
                        _ => $"{what}: {from} → {to}",
                    };
                    output.WriteLine($"  {change.Key.PadRight(width)}  {line}");
                }
            }
            if (diff.Changes.Count > MaxListedPoints)
                output.WriteLine($"  … and {diff.Changes.Count - MaxListedPoints} more points (--format json lists every one)");
            output.WriteLine($"  Summary: {string.Join("; ", diff.Summary.Select(ChangeSummaries.Sentence))}.");
        }
    }
}
