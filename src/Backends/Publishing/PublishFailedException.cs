namespace Experiments.Backends.Publishing;

/// <summary><c>dotnet publish</c> failed; the message holds the SDK's own error lines.</summary>
public sealed class PublishFailedException(string message) : Exception(message);
