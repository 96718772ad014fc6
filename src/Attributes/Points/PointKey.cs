using System.Text;

namespace Experiments.Points;

/// <summary>
/// A point's identity: <c>name=value;name=value</c> in axis declaration order, values in canonical text, escaped where
/// needed. Keys, not indexes, identify points across grid edits, so resume, merge and diff survive them.
/// </summary>
public static class PointKey
{
    /// <summary>Builds a key from axis names and canonical (unescaped) value texts.</summary>
    public static string Build(IReadOnlyList<string> names, IReadOnlyList<string> valueTexts)
    {
        if (names.Count != valueTexts.Count)
            throw new ArgumentException("One value per axis is needed.", nameof(valueTexts));
        var sb = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
                sb.Append(PointKeyText.PairSeparator);
            sb.Append(names[i]).Append(PointKeyText.NameValueSeparator).Append(PointKeyText.Escape(valueTexts[i]));
        }
        return sb.ToString();
    }

    /// <summary>The escaped form of one value, as it stands in a key.</summary>
    public static string EscapeValue(string valueText) => PointKeyText.Escape(valueText);

    /// <summary>Splits a key into (name, unescaped value text) pairs; throws <see cref="FormatException"/> on bad text.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string key)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var i = 0;
        while (i < key.Length)
        {
            var eq = key.IndexOf(PointKeyText.NameValueSeparator, i);
            if (eq <= i)
                throw new FormatException($"Expected 'name=value' at position {i} of point key '{key}'.");
            var name = key.Substring(i, eq - i);
            i = eq + 1;
            string value;
            if (i < key.Length && key[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= key.Length)
                        throw new FormatException($"Unterminated quoted value for '{name}' in point key '{key}'.");
                    var c = key[i++];
                    if (c == '"')
                        break;
                    if (c == '\\')
                    {
                        if (i >= key.Length)
                            throw new FormatException($"Dangling escape in point key '{key}'.");
                        c = key[i++];
                    }
                    sb.Append(c);
                }
                value = sb.ToString();
                if (i < key.Length && key[i] != PointKeyText.PairSeparator)
                    throw new FormatException($"Expected ';' after the quoted value of '{name}' in point key '{key}'.");
            }
            else
            {
                var end = key.IndexOf(PointKeyText.PairSeparator, i);
                if (end < 0)
                    end = key.Length;
                value = key.Substring(i, end - i);
                i = end;
            }
            pairs.Add(new KeyValuePair<string, string>(name, value));
            if (i < key.Length)
                i++; // the ';'
        }
        return pairs;
    }
}
