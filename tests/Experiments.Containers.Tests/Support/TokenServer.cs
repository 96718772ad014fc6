using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Experiments.TestSupport.Containers;

namespace Experiments.Containers.Tests.Support;

/// <summary>
/// The token service of the token registry (tests/Registry/registry.sh, 127.0.0.1:5002), run by the tests as Docker's
/// token authentication specifies it: a client that shows the right Basic login gets a JWT (RS256, signed with the key
/// registry.sh made, the certificate in <c>x5c</c>) granting the scopes it asked for; the registry itself checks the
/// token's signature, issuer, audience, lifetime and access. One instance per test assembly: the port is fixed in the
/// registry's config.
/// </summary>
public sealed class TokenServer : IAsyncLifetime
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _grantedScopes = [];
    private Task? _loop;
    private RSA? _key;
    private string _certificate = "";

    /// <summary>Null when the token registry's key is not there or the port is taken, else why not.</summary>
    public string? UnavailableBecause { get; private set; }

    /// <summary>Every scope a token was issued for, in order (e.g. <c>repository:team/app:pull</c>).</summary>
    public IReadOnlyList<string> GrantedScopes
    {
        get
        {
            lock (_grantedScopes)
                return [.. _grantedScopes];
        }
    }

    public ValueTask InitializeAsync()
    {
        if (!File.Exists(RegistryService.TokenKeyFile) || !File.Exists(RegistryService.TokenCertificateFile))
        {
            UnavailableBecause = $"the token registry's signing key {RegistryService.TokenKeyFile} is missing";
            return ValueTask.CompletedTask;
        }
        _key = RSA.Create();
        _key.ImportFromPem(File.ReadAllText(RegistryService.TokenKeyFile));
        var pem = PemEncoding.Find(File.ReadAllText(RegistryService.TokenCertificateFile));
        _certificate = File.ReadAllText(RegistryService.TokenCertificateFile)[pem.Base64Data];
        _listener.Prefixes.Add(RegistryService.TokenRealmPrefix);
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException e)
        {
            UnavailableBecause = $"the token service cannot listen on {RegistryService.TokenRealmPrefix}: {e.Message}";
            return ValueTask.CompletedTask;
        }
        _loop = Task.Run(ServeAsync);
        return ValueTask.CompletedTask;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            try
            {
                Answer(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var request = context.Request;
        if (request.Url?.AbsolutePath != "/token")
        {
            Reply(context, HttpStatusCode.NotFound, new JsonObject { ["details"] = "the token service answers /token only" });
            return;
        }
        if (!HasTheLogin(request.Headers["Authorization"]))
        {
            Reply(context, HttpStatusCode.Unauthorized, new JsonObject { ["details"] = "incorrect username or password" });
            return;
        }
        if (request.QueryString["service"] != RegistryService.TokenService)
        {
            Reply(context, HttpStatusCode.BadRequest, new JsonObject { ["details"] = $"unknown service '{request.QueryString["service"]}'" });
            return;
        }
        var scopes = request.QueryString.GetValues("scope") ?? [];
        lock (_grantedScopes)
            _grantedScopes.AddRange(scopes);
        var token = Token(scopes);
        Reply(context, HttpStatusCode.OK, new JsonObject { ["token"] = token, ["access_token"] = token, ["expires_in"] = 300 });
    }

    private static bool HasTheLogin(string? authorization)
    {
        const string basic = "Basic ";
        if (authorization is null || !authorization.StartsWith(basic, StringComparison.OrdinalIgnoreCase))
            return false;
        var expected = $"{RegistryService.LoginUser}:{RegistryService.LoginPassword}";
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(authorization[basic.Length..].Trim())) == expected;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private string Token(IEnumerable<string> scopes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var access = new JsonArray();
        foreach (var scope in scopes)
        {
            // repository:NAME:ACTIONS, where NAME may itself hold ':' only for a port-qualified name (never here).
            var parts = scope.Split(':');
            if (parts.Length == 3)
                access.Add(new JsonObject { ["type"] = parts[0], ["name"] = parts[1], ["actions"] = new JsonArray([.. parts[2].Split(',').Select(a => (JsonNode)a)]) });
        }
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new JsonArray(_certificate) };
        var claims = new JsonObject
        {
            ["iss"] = RegistryService.TokenIssuer,
            ["sub"] = RegistryService.LoginUser,
            ["aud"] = RegistryService.TokenService,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signed = $"{Base64Url(header.ToJsonString())}.{Base64Url(claims.ToJsonString())}";
        var signature = _key!.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Reply(HttpListenerContext context, HttpStatusCode status, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_listener.IsListening)
            _listener.Stop();
        _listener.Close();
        if (_loop is not null)
            await _loop;
        _key?.Dispose();
        _stop.Dispose();
    }
}
