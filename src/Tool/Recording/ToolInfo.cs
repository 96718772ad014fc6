using System.Reflection;
using System.Runtime.InteropServices;

namespace Experiments.Tool.Recording;

/// <summary>The tool's own provenance facts, as a results file records them.</summary>
public static class ToolInfo
{
    /// <summary>The tool's version without the source-revision suffix ("0.1.0", not "0.1.0+abc…").</summary>
    public static string Version { get; } =
        (typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
         ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString()
         ?? "0.0.0").Split('+')[0];

    /// <summary>The .NET runtime version ("10.0.0").</summary>
    public static string DotnetVersion { get; } = Environment.Version.ToString();

    /// <summary>The operating system ("Debian GNU/Linux 13 (trixie)" where the distribution says so, else the kernel's description).</summary>
    public static string OsDescription { get; } = ReadOsDescription();

    private static string ReadOsDescription()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var pretty = File.ReadLines("/etc/os-release")
                    .FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
                if (pretty is not null)
                    return pretty["PRETTY_NAME=".Length..].Trim('"') + " " + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
    }
}
