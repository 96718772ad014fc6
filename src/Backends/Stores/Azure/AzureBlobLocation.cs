using System.Net;

namespace Experiments.Stores.Azure;

/// <summary>
/// A blob prefix: <c>https://{account}.blob.core.windows.net/{container}/{prefix}</c> (any cloud's
/// <c>{account}.blob.{suffix}</c>), or path-style as Azurite serves it:
/// <c>http://127.0.0.1:10000/{account}/{container}/{prefix}</c>. A SAS token may follow as the query; it is kept apart
/// from the location so that it never shows.
/// </summary>
/// <param name="ServiceEndpoint">The account's blob endpoint (<c>https://acct.blob.core.windows.net</c> or <c>http://127.0.0.1:10000/acct</c>).</param>
public sealed record AzureBlobLocation(Uri ServiceEndpoint, string Account, string Container, string Prefix, string? Sas)
{
    public static AzureBlobLocation Parse(Uri uri)
    {
        const string Expected = "https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX or http://127.0.0.1:10000/ACCOUNT/CONTAINER/PREFIX";
        if (uri.Scheme is not ("https" or "http"))
            throw new ArgumentException($"'{uri.Scheme}://' is not an Azure Blob location; expected {Expected}.", nameof(uri));
        var shown = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new ArgumentException($"An Azure Blob location carries no user name or key ({shown}); expected {Expected}.", nameof(uri));
        var segments = Uri.UnescapeDataString(uri.AbsolutePath).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathStyle = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || uri.IsLoopback;
        string account;
        Uri endpoint;
        if (pathStyle)
        {
            if (segments.Length < 2)
                throw new ArgumentException($"The Azure Blob location {shown} names no account and container; expected {Expected}.", nameof(uri));
            account = segments[0];
            endpoint = new Uri($"{uri.GetLeftPart(UriPartial.Authority)}/{account}");
            segments = segments[1..];
        }
        else
        {
            var labels = uri.Host.Split('.');
            if (labels.Length < 3 || !string.Equals(labels[1], "blob", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"The host of {shown} is not an account's blob endpoint; expected {Expected}.", nameof(uri));
            if (segments.Length < 1)
                throw new ArgumentException($"The Azure Blob location {shown} names no container; expected {Expected}.", nameof(uri));
            account = labels[0];
            endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority));
        }
        var container = segments[0];
        if (container.Length is < 3 or > 63 || container.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
            throw new ArgumentException(
                $"'{container}' in {shown} is not a valid container name (3 to 63 lowercase letters, digits and hyphens).", nameof(uri));
        var prefix = string.Join('/', segments[1..]);
        var sas = uri.Query.Length > 1 ? uri.Query[1..] : null;
        return new AzureBlobLocation(endpoint, account, container, prefix, sas);
    }

    /// <summary>The container's URI without a SAS (path-style for Azurite, which the SDK recognises by its IP host).</summary>
    public Uri ContainerUri => new($"{ServiceEndpoint.ToString().TrimEnd('/')}/{Container}");

    /// <summary>The location as people should see it: no SAS.</summary>
    public override string ToString() =>
        $"{ServiceEndpoint.ToString().TrimEnd('/')}/{Container}" + (Prefix.Length == 0 ? "" : "/" + Prefix);

    /// <summary>Whether this is Azurite's well-known development account on this machine.</summary>
    public bool IsDevelopmentAccount =>
        Account == AzureBlobCredentials.DevelopmentAccount && (ServiceEndpoint.IsLoopback || IPAddress.TryParse(ServiceEndpoint.Host, out _));
}
