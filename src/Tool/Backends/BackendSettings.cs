namespace Experiments.Tool.Backends;

/// <summary>The command-line settings a backend may use.</summary>
/// <param name="Parallel">--parallel: how many points run at once where the backend lets the tool decide.</param>
public sealed record BackendSettings(int? Parallel);
