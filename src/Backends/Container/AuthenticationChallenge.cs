namespace Experiments.Backends.Container;

/// <summary>
/// One <c>WWW-Authenticate</c> challenge of a registry (RFC 7235): the scheme and its parameters, e.g.
/// <c>Bearer realm="https://auth.example/token",service="registry.example",scope="repository:team/app:pull"</c>.
/// </summary>
public sealed record AuthenticationChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The parameter's value, or null when the challenge has none of that name.</summary>
    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses one challenge; returns null when <paramref name="header"/> is empty or has no scheme.</summary>
    public static AuthenticationChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return null;
        var text = header.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? text : text[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = space < 0 ? text.Length : space + 1;
        while (position < text.Length)
        {
            while (position < text.Length && (text[position] == ',' || char.IsWhiteSpace(text[position])))
                position++;
            var equals = text.IndexOf('=', position);
            if (equals < 0)
                break;
            var name = text[position..equals].Trim();
            position = equals + 1;
            string value;
            if (position < text.Length && text[position] == '"')
            {
                // A quoted value may hold commas (scopes such as "repository:a:pull,push") and \-escapes.
                var builder = new System.Text.StringBuilder();
                position++;
                while (position < text.Length && text[position] != '"')
                {
                    if (text[position] == '\\' && position + 1 < text.Length)
                        position++;
                    builder.Append(text[position]);
                    position++;
                }
                position++;
                value = builder.ToString();
            }
            else
            {
                var comma = text.IndexOf(',', position);
                var end = comma < 0 ? text.Length : comma;
                value = text[position..end].Trim();
                position = end;
            }
            if (name.Length > 0)
                parameters[name] = value;
        }
        return new AuthenticationChallenge(scheme, parameters);
    }
}
