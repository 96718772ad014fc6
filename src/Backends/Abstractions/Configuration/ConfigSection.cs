using System.Globalization;
using System.Text.Json;

namespace Experiments.Backends.Configuration;

/// <summary>
/// One backend's section of the experiments config file, read key by key. A key of the wrong type or an unknown key is
/// collected as a problem naming <c>section.key</c>, what was found and what is valid; the backend adds its own checks
/// and throws <see cref="ConfigException"/> once with every problem, so one edit fixes them all.
/// </summary>
public sealed class ConfigSection
{
    private readonly JsonElement _element;
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _keysWithProblems = new(StringComparer.Ordinal);

    /// <param name="file">The config file, as the user should see it.</param>
    /// <param name="name">The section's name (the backend's name).</param>
    /// <param name="element">The section's JSON object.</param>
    public ConfigSection(string file, string name, JsonElement element)
    {
        File = file;
        Name = name;
        _element = element;
        if (element.ValueKind != JsonValueKind.Object)
            _problems.Add($"{name} must be an object of settings ({{ \"key\": value, … }}), not {Describe(element)}.");
    }

    public string File { get; }

    public string Name { get; }

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>
    /// The backend's own checks of the values, less those about keys already reported here (a key of the wrong type
    /// reads as absent, and "required" or "must be absolute" would only repeat its problem).
    /// </summary>
    public IEnumerable<string> Unreported(IEnumerable<string> valueProblems) =>
        _element.ValueKind != JsonValueKind.Object
            ? []
            : valueProblems.Where(p => !_keysWithProblems.Any(k => p.StartsWith(Key(k) + " ", StringComparison.Ordinal)));

    public string Key(string key) => $"{Name}.{key}";

    public string? String(string key)
    {
        if (!TryGet(key, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        _keysWithProblems.Add(key);
        _problems.Add($"{Key(key)} must be a string, not {Describe(value)}.");
        return null;
    }

    public int? Int(string key)
    {
        if (!TryGet(key, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            return number;
        _keysWithProblems.Add(key);
        _problems.Add($"{Key(key)} must be a whole number, not {Describe(value)}.");
        return null;
    }

    public bool? Bool(string key)
    {
        if (!TryGet(key, out var value))
            return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        _keysWithProblems.Add(key);
        _problems.Add($"{Key(key)} must be true or false, not {Describe(value)}.");
        return null;
    }

    public IReadOnlyList<string>? Strings(string key)
    {
        if (!TryGet(key, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            return value.EnumerateArray().Select(e => e.GetString()!).ToArray();
        _keysWithProblems.Add(key);
        _problems.Add($"{Key(key)} must be a list of strings ([\"…\", \"…\"]), not {Describe(value)}.");
        return null;
    }

    /// <summary>Reports keys the backend does not know, with the nearest known key when it looks like a typo.</summary>
    public void CheckKeys(IReadOnlyCollection<string> known)
    {
        if (_element.ValueKind != JsonValueKind.Object)
            return;
        foreach (var property in _element.EnumerateObject())
        {
            if (known.Contains(property.Name) || property.Name.StartsWith('$'))
                continue;
            var near = Nearest(property.Name, known);
            if (near is not null)
                _keysWithProblems.Add(near); // "x is required" would only repeat the misspelling's message
            _problems.Add($"{Key(property.Name)} is not a setting of the {Name} backend{(near is null ? "" : $" (did you mean {near}?)")}. Valid keys: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }
    }

    /// <summary>Throws with these problems and <paramref name="more"/> (the backend's own checks), if there are any.</summary>
    public void ThrowIfProblems(IEnumerable<string> more)
    {
        var all = _problems.Concat(more).ToArray();
        if (all.Length > 0)
            throw new ConfigException(File, all);
    }

    private bool TryGet(string key, out JsonElement value)
    {
        value = default;
        if (_element.ValueKind != JsonValueKind.Object || !_element.TryGetProperty(key, out value))
            return false;
        return value.ValueKind != JsonValueKind.Null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string? Nearest(string name, IEnumerable<string> known) =>
        known.Select(k => (Key: k, Distance: Distance(name.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, k.Key.Length / 3))
            .OrderBy(k => k.Distance)
            .Select(k => k.Key)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
