namespace Experiments;

/// <summary>An int parameter that takes 0 … count − 1: independent repetitions, each with its own derived seed.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ReplicatesAttribute : Attribute
{
    public ReplicatesAttribute(int count) => Count = count;

    public int Count { get; }
}
