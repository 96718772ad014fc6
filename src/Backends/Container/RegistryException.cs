namespace Experiments.Backends.Container;

/// <summary>A registry could not be reached, refused the login or answered something unexpected; the message says which and what to check.</summary>
public sealed class RegistryException(string message, Exception? inner = null) : Exception(message, inner);
