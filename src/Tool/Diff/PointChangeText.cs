using System.Text.Json;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>How one point's change reads in text and markdown: one entry per thing that changed.</summary>
public static class PointChangeText
{
    /// <summary>(what, from, to) for each thing that changed about the point.</summary>
    public static IEnumerable<(string What, string From, string To)> Entries(PointChange change)
    {
        switch (change.Presence)
        {
            case Presence.Added:
                yield return ("added", "", change.Status.To + ErrorText(change) + (change.Stale.To ? " (stale)" : ""));
                yield break;
            case Presence.Removed:
                yield return ("removed", change.Status.From!, "");
                yield break;
        }
        if (change.StaleChanged)
            yield return (change.Stale.To ? "gone stale" : "back in the grid", change.Stale.From ? "stale" : "in the grid", change.Stale.To ? "stale" : "in the grid");
        if (change.StatusChanged)
            yield return ("status", change.Status.From!, change.Status.To + ErrorText(change));
        foreach (var field in change.Fields)
            yield return (field.Path, Value(field.From), Value(field.To));
    }

    public static string Value(JsonElement? value) => value is { } v ? FlatFields.Text(v) : "(none)";

    private static string ErrorText(PointChange change) =>
        change.Error is { } error ? $" ({error.Kind}: {FirstLine(error.Message)})" : "";

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end] + " …";
    }
}
