using System;
using System.Globalization;

namespace Experiments.Generator.Parsing;

/// <summary>
/// Runs parsing or emitting under the invariant culture, as System.Text.Json's generator does: every text the
/// generator writes must be the same on every machine (a fi-FI minus sign in a literal would break the build, a
/// comma decimal separator a key). Texts are formatted with the invariant culture explicitly; this is the safety net.
/// </summary>
internal static class InvariantCulture
{
    public static T Run<T>(Func<T> action)
    {
#pragma warning disable RS1035 // Banned for analyzers because messages should be localised; here it keeps output culture-free.
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
#pragma warning restore RS1035
    }
}
