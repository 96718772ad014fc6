namespace Experiments;

/// <summary>
/// The parameter takes start, start + step, … up to and including stop when stop falls on the grid. Values are computed
/// in decimal at compile time, so 0.02 + 2 × 0.02 is 0.06, never 0.060000000000000005.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class RangeAttribute : Attribute
{
    public RangeAttribute(int start, int stop, int step) => (Start, Stop, Step) = (start, stop, step);

    public RangeAttribute(long start, long stop, long step) => (Start, Stop, Step) = (start, stop, step);

    public RangeAttribute(double start, double stop, double step) => (Start, Stop, Step) = (start, stop, step);

    public object Start { get; }

    public object Stop { get; }

    public object Step { get; }
}
