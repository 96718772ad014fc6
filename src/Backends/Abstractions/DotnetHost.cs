namespace Experiments.Backends;

/// <summary>The dotnet host to start builds, publishes and workers with: the one the SDK names for tools, else the one
/// running this process, else PATH's — so a tool started by a particular SDK keeps using it.</summary>
public static class DotnetHost
{
    public static string Find()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            return fromSdk;
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return current;
        return "dotnet";
    }
}
