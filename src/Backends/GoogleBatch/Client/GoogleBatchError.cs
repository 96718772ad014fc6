using System.Text.Json;

namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>Google's error body: <c>{"error": {"code": 404, "message": "…", "status": "NOT_FOUND", "details": [...]}}</c>.</summary>
internal static class GoogleBatchError
{
    public static (string? Status, string? Message) Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
                return (null, null);
            var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (status, message);
        }
        catch (JsonException)
        {
            return (null, body.Length > 300 ? body[..300] + "…" : body);
        }
    }

    /// <summary>What to check, for the answers a user can act on.</summary>
    public static string Hint(string method, int statusCode) => statusCode switch
    {
        401 => "The credentials were not accepted: refresh Application Default Credentials (gcloud auth application-default login) or check GOOGLE_APPLICATION_CREDENTIALS.",
        403 => "The identity in use may not do this: it needs roles/batch.jobsEditor on the project (and roles/iam.serviceAccountUser on the jobs' service account), and the Batch API must be enabled.",
        404 when method == "jobs.list" => "The project or region does not exist, or the Batch API is not enabled there: check gcp-batch.project and gcp-batch.region.",
        400 => "The request was refused as invalid; the message above names the field.",
        _ => "",
    };
}
