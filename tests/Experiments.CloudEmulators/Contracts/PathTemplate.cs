using System.Text;
using System.Text.RegularExpressions;

namespace Experiments.CloudEmulators.Contracts;

/// <summary>
/// A URI path template from an API definition (<c>/jobs/{jobId}</c>, <c>v1/{+name}</c>): <c>{x}</c> matches one
/// path segment, <c>{+x}</c> (RFC 6570 reserved expansion) any run of characters including <c>/</c>.
/// Matching is on the raw (still percent-encoded) path; captured values are decoded.
/// </summary>
internal sealed class PathTemplate
{
    private readonly Regex _regex;
    private readonly List<string> _names = [];

    public PathTemplate(string template)
    {
        Template = template;
        var pattern = new StringBuilder("^");
        var position = 0;
        foreach (Match variable in Regex.Matches(template, @"\{(\+?)([^}]+)\}"))
        {
            var literal = template[position..variable.Index];
            pattern.Append(Regex.Escape(literal));
            LiteralLength += literal.Length;
            pattern.Append(variable.Groups[1].Value == "+" ? "(.+)" : "([^/]+)");
            _names.Add(variable.Groups[2].Value);
            position = variable.Index + variable.Length;
        }
        var tail = template[position..];
        pattern.Append(Regex.Escape(tail)).Append('$');
        LiteralLength += tail.Length;
        _regex = new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
    }

    public string Template { get; }

    /// <summary>How much of the template is fixed text: the more, the more specific a match.</summary>
    public int LiteralLength { get; }

    public IReadOnlyDictionary<string, string>? Match(string rawPath)
    {
        var match = _regex.Match(rawPath);
        if (!match.Success)
            return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _names.Count; i++)
            values[_names[i]] = Uri.UnescapeDataString(match.Groups[i + 1].Value);
        return values;
    }
}
