namespace Experiments;

/// <summary>The parameter takes each of these compile-time constant values, in the order written.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class GridAttribute : Attribute
{
    public GridAttribute(params object[] values) => Values = values;

    public IReadOnlyList<object> Values { get; }
}
