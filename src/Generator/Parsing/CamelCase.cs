namespace Experiments.Generator.Parsing;

/// <summary>
/// System.Text.Json's JsonNamingPolicy.CamelCase, reproduced exactly so that statically written results and results
/// written by the JsonSerializer fallback name properties the same way ("URLValue" → "urlValue", "ID" → "id").
/// </summary>
internal static class CamelCase
{
    public static string Convert(string name)
    {
        if (string.IsNullOrEmpty(name) || !char.IsUpper(name[0]))
            return name;
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
                break;
            var hasNext = i + 1 < chars.Length;
            // Stop at the last capital before a lower-case letter: it starts the next word.
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                    chars[i] = char.ToLowerInvariant(chars[i]);
                break;
            }
            chars[i] = char.ToLowerInvariant(chars[i]);
        }
        return new string(chars);
    }
}
