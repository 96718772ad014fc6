namespace Samples;

/// <summary>Standard normal variates from a <see cref="Random"/> by the Box–Muller transform (two per pair of uniforms).</summary>
public sealed class GaussianSampler(Random random)
{
    private double? _spare;

    public double Next()
    {
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }
        // 1 − NextDouble() lies in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
        var angle = 2.0 * Math.PI * random.NextDouble();
        _spare = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
}
