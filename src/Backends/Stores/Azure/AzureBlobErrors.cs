using Azure;

namespace Experiments.Stores.Azure;

/// <summary>Turns a refusal of the Blob service into a message that says what to check (never the SAS or key).</summary>
internal static class AzureBlobErrors
{
    public static ObjectStoreException Describe(RequestFailedException refusal, string location, string action, AzureBlobLocation store)
    {
        var status = refusal.Status;
        var code = refusal.ErrorCode;
        var advice = (status, code) switch
        {
            (_, "ContainerNotFound") => $"the container '{store.Container}' does not exist in account '{store.Account}'; create it or correct the location",
            (403, "AuthenticationFailed" or "AuthorizationFailure") =>
                $"the account key or SAS token for account '{store.Account}' was refused (wrong key, expired or revoked SAS, or a clock far off)",
            (403, "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch") =>
                "the credentials in use may not do this: a SAS needs read, write and list permission on the container; an Entra ID identity needs the Storage Blob Data Contributor role",
            (403, _) => $"access to account '{store.Account}' was refused",
            (404, "ResourceNotFound" or null) => $"the account '{store.Account}' or container '{store.Container}' was not found",
            _ => $"the service answered {status} {refusal.GetRawResponse()?.ReasonPhrase}".TrimEnd(),
        };
        return new ObjectStoreException($"Azure Blob Storage refused to {action} {location} ({status}{(code is null ? "" : " " + code)}): {advice}.", status, code);
    }

    /// <summary>No answer: the connection failed, or Azure.Core's retries ran out (an <see cref="AggregateException"/>
    /// "Retry failed after N tries" holding each try's failure).</summary>
    public static ObjectStoreException Unreachable(Exception exception, string location, string action)
    {
        var cause = exception is AggregateException { InnerExceptions.Count: > 0 } retries ? retries.InnerExceptions[^1] : exception;
        var tries = exception is AggregateException aggregate ? $" after {aggregate.InnerExceptions.Count} tries" : "";
        return new ObjectStoreException($"Could not {action} {location}{tries}: {FirstLine(cause.Message)}");
    }

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd();
}
