namespace Experiments.Worker;

/// <summary>The worker cannot run as invoked (arguments, plan, store, app version); the message says what to do.</summary>
public sealed class WorkerInvocationException(string message) : Exception(message);
