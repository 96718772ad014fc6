namespace Experiments.Tool.Cleaning;

/// <summary>What <c>clean</c> was asked to do.</summary>
/// <param name="OlderThan">Only what ended (or, for packages, was copied) longer ago than this goes.</param>
/// <param name="KeepLast">The newest collected runs to keep whatever their age.</param>
/// <param name="Backend">Only this backend's runs (and store); null for every backend.</param>
/// <param name="DryRun">List what would go, remove nothing.</param>
public sealed record CleanRequest(TimeSpan OlderThan, int KeepLast, string? Backend, bool DryRun)
{
    public static readonly TimeSpan DefaultOlderThan = TimeSpan.FromDays(30);
}
