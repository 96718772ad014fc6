namespace Experiments.Backends;

/// <summary>Where one task's output went, for <c>dotnet experiment logs</c>.</summary>
/// <param name="Task">The plan task.</param>
/// <param name="Where">The output's location as its service names it: a file on the cluster, a CloudWatch Logs
/// stream, an Azure Batch task file, a Cloud Logging query. Never a secret.</param>
/// <param name="Text">The output itself when the backend can fetch it; null when only its location is known.</param>
public sealed record TaskLog(int Task, string Where, string? Text = null);
