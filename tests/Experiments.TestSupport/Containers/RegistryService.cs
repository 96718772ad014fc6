using System.Net.Http;

namespace Experiments.TestSupport.Containers;

/// <summary>
/// The test registries tests/Registry/registry.sh runs: an open one on 127.0.0.1:5000, one behind a Basic login on
/// 127.0.0.1:5001 (both holding the test base image), and one asking for Bearer tokens on 127.0.0.1:5002.
/// </summary>
public static class RegistryService
{
    public const string Address = "127.0.0.1:5000";

    /// <summary>A small linux-x64 base built from this machine's libraries (no ICU: invariant globalization).</summary>
    public const string BaseImage = Address + "/experiments-test/base:bookworm";

    /// <summary>The registry's log (one access-log line per request), where tests see which pushes happened.</summary>
    public const string LogFile = "/var/lib/experiments-test-registry/registry.log";

    /// <summary>The same registry behind a Basic login (htpasswd); it holds the base image under the same name too.</summary>
    public const string LoginAddress = "127.0.0.1:5001";

    public const string LoginUser = "experiments";

    /// <summary>The login registry's test-only password (tests/Registry/registry.sh).</summary>
    public const string LoginPassword = "test-password";

    /// <summary>The login registry's log: each request's line names the user it was authorized as (<c>auth.user.name=</c>).</summary>
    public const string LoginLogFile = "/var/lib/experiments-test-registry/login-registry.log";

    public const string LoginBaseImage = LoginAddress + "/experiments-test/base:bookworm";

    /// <summary>The registry that asks for Bearer tokens from the tests' own token service (Docker's token authentication).</summary>
    public const string TokenAddress = "127.0.0.1:5002";

    /// <summary>Where the token registry sends clients for tokens; the tests serve it (registry.sh fixes it in the config).</summary>
    public const string TokenRealmPrefix = "http://127.0.0.1:5003/";

    public const string TokenService = "experiments-test-registry";

    public const string TokenIssuer = "experiments-test-token-issuer";

    /// <summary>The key tokens are signed with (PEM), and its self-signed certificate: the token registry's root bundle.</summary>
    public const string TokenKeyFile = "/var/lib/experiments-test-registry/token-key.pem";

    public const string TokenCertificateFile = "/var/lib/experiments-test-registry/token-cert.pem";

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
            using var login = await http.GetAsync($"http://{LoginAddress}/v2/");
            if (login.StatusCode != System.Net.HttpStatusCode.Unauthorized)
                return $"GET http://{LoginAddress}/v2/ answered {(int)login.StatusCode}, not 401: the login registry is not up";
            using var token = await http.GetAsync($"http://{TokenAddress}/v2/");
            if (token.StatusCode != System.Net.HttpStatusCode.Unauthorized)
                return $"GET http://{TokenAddress}/v2/ answered {(int)token.StatusCode}, not 401: the token registry is not up";
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
