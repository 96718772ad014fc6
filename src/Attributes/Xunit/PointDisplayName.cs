using System.Globalization;
using System.Text;
using Experiments.Registry;

namespace Experiments.Xunit;

/// <summary>
/// The test case name of a point: <c>Run(delta: 0.5, rho: 0.02, replicate: 3, solver: Lasso)</c>. Values appear in
/// their canonical text (the same text as in the point key and <c>--where</c>), strings and chars quoted as in C#, so a
/// name reads the same in Test Explorer, the console runner and the results file.
/// </summary>
public static class PointDisplayName
{
    public static string Format(string baseName, ExperimentDescriptor descriptor, long pointIndex)
    {
        var digits = descriptor.Digits(pointIndex);
        var sb = new StringBuilder(baseName).Append('(');
        for (var a = 0; a < descriptor.Axes.Count; a++)
        {
            if (a > 0)
                sb.Append(", ");
            var axis = descriptor.Axes[a];
            sb.Append(axis.Name).Append(": ").Append(Value(axis, digits[a]));
        }
        return sb.Append(')').ToString();
    }

    /// <summary>The name of the entry that stands for the points a large grid does not list.</summary>
    public static string Unlisted(string baseName, string experimentName, long unlisted) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "{0}: {1:N0} more point{2} not listed; run them with `dotnet experiment run {3}`",
            baseName,
            unlisted,
            unlisted == 1 ? "" : "s",
            experimentName);

    private static string Value(AxisDescriptor axis, int digit)
    {
        var text = axis.ValueTexts[digit];
        return axis.TypeName switch
        {
            "string" => Quote(text, '"'),
            "char" => Quote(text, '\''),
            _ => text,
        };
    }

    private static string Quote(string text, char quote)
    {
        var sb = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\0': sb.Append(@"\0"); break;
                default:
                    if (c == quote)
                        sb.Append('\\').Append(c);
                    else if (char.IsControl(c))
                        sb.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }
}
