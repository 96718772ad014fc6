using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Experiments.Backends.AzureBatch.Client;

/// <summary>
/// Signs each try with the Batch account key (Batch "Shared Key" authorization): an HMAC-SHA256 over the verb, the
/// standard headers, the <c>ocp-*</c> headers and the canonical resource (<c>/{account}{path}</c> and the query's
/// parameters, sorted). Runs after <see cref="BatchRequestHeadersPolicy"/> so the signed <c>ocp-date</c> is the one
/// sent. The key stays in this object.
/// </summary>
internal sealed class BatchSharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _account;
    private readonly byte[] _key;

    public BatchSharedKeyPolicy(string account, string base64Key)
    {
        _account = account;
        try
        {
            _key = Convert.FromBase64String(base64Key.Trim());
        }
        catch (FormatException)
        {
            throw new AzureBatchException(
                $"The key in {AzureBatchCredentials.KeyVariable} for the Batch account '{account}' is not Base64; copy it again from the account's Keys page.",
                "credentials");
        }
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(StringToSign(request))));
        request.Headers.SetValue("Authorization", $"SharedKey {_account}:{signature}");
    }

    internal string StringToSign(Request request)
    {
        string Header(string name) => request.Headers.TryGetValue(name, out var value) ? value : "";
        long length = 0;
        request.Content?.TryComputeLength(out length);
        var text = new StringBuilder()
            .Append(request.Method.Method.ToUpperInvariant()).Append('\n')
            .Append(Header("Content-Encoding")).Append('\n')
            .Append(Header("Content-Language")).Append('\n')
            .Append(length > 0 ? length.ToString(CultureInfo.InvariantCulture) : "").Append('\n')
            .Append(Header("Content-MD5")).Append('\n')
            .Append(Header("Content-Type")).Append('\n')
            .Append(Header("Date")).Append('\n')
            .Append(Header("If-Modified-Since")).Append('\n')
            .Append(Header("If-Match")).Append('\n')
            .Append(Header("If-None-Match")).Append('\n')
            .Append(Header("If-Unmodified-Since")).Append('\n')
            .Append(Header("Range")).Append('\n');
        foreach (var header in request.Headers
                     .Where(h => h.Name.StartsWith("ocp-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
            text.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        var uri = request.Uri.ToUri();
        text.Append('/').Append(_account).Append(uri.AbsolutePath.Length > 0 ? uri.AbsolutePath : "/");
        foreach (var parameter in QueryParameters(uri.Query).OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(',', parameter.Value));
        return text.ToString();
    }

    private static Dictionary<string, List<string>> QueryParameters(string query)
    {
        var parameters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (!parameters.TryGetValue(name, out var values))
                parameters[name] = values = [];
            values.Add(value);
        }
        return parameters;
    }
}
