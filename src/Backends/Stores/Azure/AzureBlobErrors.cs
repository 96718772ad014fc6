using System.Xml.Linq;
using Azure;

namespace Experiments.Stores.Azure;

/// <summary>Turns a refusal of the Blob service into a message that says what to check (never the SAS or key).</summary>
internal static class AzureBlobErrors
{
    public static string? Code(Response response)
    {
        if (response.Headers.TryGetValue("x-ms-error-code", out var code))
            return code;
        try
        {
            var body = response.Content?.ToString();
            return string.IsNullOrEmpty(body) ? null : XDocument.Parse(body).Root?.Element("Code")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    public static ObjectStoreException Describe(Response response, string location, string action, AzureBlobLocation store)
    {
        var code = Code(response);
        var advice = (response.Status, code) switch
        {
            (_, "ContainerNotFound") => $"the container '{store.Container}' does not exist in account '{store.Account}'; create it or correct the location",
            (403, "AuthenticationFailed" or "AuthorizationFailure") =>
                $"the account key or SAS token for account '{store.Account}' was refused (wrong key, expired or revoked SAS, or a clock far off)",
            (403, "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch") =>
                "the credentials in use may not do this: a SAS needs read, write and list permission on the container; an Entra ID identity needs the Storage Blob Data Contributor role",
            (403, _) => $"access to account '{store.Account}' was refused",
            (404, "ResourceNotFound" or null) => $"the account '{store.Account}' or container '{store.Container}' was not found",
            _ => $"the service answered {response.Status} {response.ReasonPhrase}",
        };
        return new ObjectStoreException($"Azure Blob Storage refused to {action} {location} ({response.Status}{(code is null ? "" : " " + code)}): {advice}.", response.Status, code);
    }

    public static ObjectStoreException Unreachable(Exception exception, string location, string action) => exception switch
    {
        RequestFailedException failed => new ObjectStoreException($"Could not {action} {location}: {failed.Message.Split('\n')[0]}", failed.Status, failed.ErrorCode),
        _ => new ObjectStoreException($"Could not {action} {location}: {exception.Message}"),
    };
}
