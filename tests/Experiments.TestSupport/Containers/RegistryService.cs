using System.Net.Http;

namespace Experiments.TestSupport.Containers;

/// <summary>The test registry tests/Registry/registry.sh runs on 127.0.0.1:5000, and the base image it pushes there.</summary>
public static class RegistryService
{
    public const string Address = "127.0.0.1:5000";

    /// <summary>A small linux-x64 base built from this machine's libraries (no ICU: invariant globalization).</summary>
    public const string BaseImage = Address + "/experiments-test/base:bookworm";

    /// <summary>The registry's log (one access-log line per request), where tests see which pushes happened.</summary>
    public const string LogFile = "/var/lib/experiments-test-registry/registry.log";

    public const string StartCommand = "sudo tests/Registry/registry.sh";

    /// <summary>Null when the registry answers and holds the base image, else why not.</summary>
    public static async Task<string?> WhyUnavailableAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var root = await http.GetAsync($"http://{Address}/v2/");
            if (!root.IsSuccessStatusCode)
                return $"GET http://{Address}/v2/ answered {(int)root.StatusCode}";
            using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{Address}/v2/experiments-test/base/manifests/bookworm");
            request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
            request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
            using var manifest = await http.SendAsync(request);
            if (!manifest.IsSuccessStatusCode)
                return $"the registry has no base image {BaseImage} ({(int)manifest.StatusCode})";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"nothing answers on {Address}: {e.Message}";
        }
        foreach (var tool in new[] { "skopeo", "umoci", "unshare" })
        {
            if (!new[] { "/usr/bin", "/bin", "/usr/sbin" }.Any(d => File.Exists(Path.Combine(d, tool))))
                return $"{tool} is not installed";
        }
        if (Environment.UserName != "root")
            return "unpacking and running images needs root";
        return null;
    }
}
