using Experiments.CloudEmulators.Contracts;

namespace Experiments.CloudEmulators.Hosting;

/// <summary>Google's JSON error shape (<c>{"error":{"code","message","status",…}}</c>) shared by the Google emulators.</summary>
internal static class GoogleErrors
{
    public static string StatusOf(int code) => code switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        412 => "FAILED_PRECONDITION",
        416 => "OUT_OF_RANGE",
        429 => "RESOURCE_EXHAUSTED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        _ => "INTERNAL",
    };

    /// <param name="reason">The storage JSON API's <c>errors[].reason</c> (e.g. conditionNotMet); null for Batch.</param>
    public static EmulatorReply Reply(int code, string message, IReadOnlyList<ContractViolation>? violations, string? reason = null)
    {
        var error = new Dictionary<string, object?>
        {
            ["code"] = code,
            ["message"] = message,
            ["status"] = StatusOf(code),
        };
        if (reason is not null)
            error["errors"] = new[] { new Dictionary<string, string> { ["domain"] = "global", ["reason"] = reason, ["message"] = message } };
        if (violations is { Count: > 0 })
        {
            error["details"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
                    ["fieldViolations"] = violations.Select(v => new Dictionary<string, string> { ["field"] = v.Path, ["description"] = v.Problem }).ToArray(),
                },
            };
        }
        return new EmulatorReply(code, new Dictionary<string, object?> { ["error"] = error });
    }

    /// <summary>Null when a bearer token is present, else why not.</summary>
    public static string? RequireBearer(EmulatorRequest request)
    {
        var authorization = request.Header("Authorization");
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) && authorization.Length > "Bearer ".Length
            ? null
            : "The request has no 'Authorization: Bearer <token>' header.";
    }
}
