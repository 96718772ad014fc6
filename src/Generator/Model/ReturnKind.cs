namespace Experiments.Generator.Model;

/// <summary>How the dispatcher gets the method's result: directly, or by awaiting a task.</summary>
internal enum ReturnKind
{
    Void,
    Value,
    Task,
    TaskOfValue,
    ValueTask,
    ValueTaskOfValue,
}

internal static class ReturnKindExtensions
{
    public static bool IsAwaited(this ReturnKind kind) =>
        kind is ReturnKind.Task or ReturnKind.TaskOfValue or ReturnKind.ValueTask or ReturnKind.ValueTaskOfValue;

    public static bool HasResult(this ReturnKind kind) =>
        kind is ReturnKind.Value or ReturnKind.TaskOfValue or ReturnKind.ValueTaskOfValue;
}
