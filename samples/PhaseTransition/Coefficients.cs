namespace Samples;

/// <summary>How the nonzero entries of the sparse signal are drawn.</summary>
public enum Coefficients
{
    /// <summary>Standard normal amplitudes: a few large entries stand out, which helps a greedy decoder.</summary>
    Gaussian,

    /// <summary>Amplitudes ±1 with equal probability: every entry is equally hard to spot, the hardest case for OMP.</summary>
    Sign,
}
