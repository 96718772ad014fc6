using System.Text.Json;

namespace Experiments.TestSupport.Containers;

/// <summary>The parts of an OCI image config (<c>config</c> in the config blob) a container runtime acts on.</summary>
public sealed record ImageConfig(
    IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd, IReadOnlyList<string> Env, string? WorkingDir, string? User)
{
    /// <summary>What the runtime runs: the entry point followed by the command.</summary>
    public IReadOnlyList<string> Command => [.. Entrypoint, .. Cmd];

    /// <summary>The image's environment as names and values.</summary>
    public IReadOnlyDictionary<string, string> Environment => Env
        .Select(e => e.Split('=', 2))
        .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    /// <summary>Reads the config of the image tagged <paramref name="tag"/> in an OCI image layout directory.</summary>
    public static ImageConfig ReadFromLayout(string layout, string tag)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests").EnumerateArray()
            .FirstOrDefault(m => m.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var name) && name.GetString() == tag)
            .GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Blob(layout, manifestDigest)));
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        using var config = JsonDocument.Parse(File.ReadAllText(Blob(layout, configDigest)));
        if (!config.RootElement.TryGetProperty("config", out var c))
            return new ImageConfig([], [], [], null, null);
        return new ImageConfig(Strings(c, "Entrypoint"), Strings(c, "Cmd"), Strings(c, "Env"), Text(c, "WorkingDir"), Text(c, "User"));
    }

    /// <summary>The bytes of the image's layers as stored (compressed), from its manifest in the layout.</summary>
    public static long CompressedLayerBytes(string layout, string tag)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests").EnumerateArray()
            .First(m => m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString() == tag)
            .GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Blob(layout, manifestDigest)));
        return manifest.RootElement.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("size").GetInt64());
    }

    private static string Blob(string layout, string digest)
    {
        var parts = digest.Split(':', 2);
        return Path.Combine(layout, "blobs", parts[0], parts[1]);
    }

    private static IReadOnlyList<string> Strings(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray()
            : [];

    private static string? Text(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
