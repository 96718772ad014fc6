namespace Experiments.Stores;

/// <summary>Joins a store's prefix and an object's relative name into the key the service knows.</summary>
internal static class ObjectNames
{
    /// <summary>The prefix without leading or trailing slashes ("" for the bucket's root).</summary>
    public static string NormalizePrefix(string prefix) => prefix.Trim('/');

    public static string Key(string prefix, string name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith('/'))
            throw new ArgumentException($"An object name must be relative to the store's prefix and not empty, not '{name}'.", nameof(name));
        return prefix.Length == 0 ? name : $"{prefix}/{name}";
    }

    /// <summary>The name relative to the prefix of a key a listing returned.</summary>
    public static string Relative(string prefix, string key) => prefix.Length == 0 ? key : key[(prefix.Length + 1)..];

    public static string Unquote(string? etag) => (etag ?? "").Trim('"');
}
