namespace Experiments.CloudEmulators.Contracts;

/// <summary>Which operation of a definition a request is, with the values of its path parameters.</summary>
/// <param name="Id">The definition's name for it: the Swagger <c>operationId</c> (<c>Task_AddCollection</c>) or the
/// discovery method id (<c>batch.projects.locations.jobs.create</c>).</param>
/// <param name="PathValues">Path parameters by name, percent-decoded.</param>
public sealed record OperationMatch(string Id, IReadOnlyDictionary<string, string> PathValues);
