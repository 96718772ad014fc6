using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.AwsBatch;

/// <summary>
/// Writes what a fleet attempt printed to moto's CloudWatch Logs, as AWS Batch's awslogs driver does for a container:
/// one stream per attempt in the job's log group, one event per line, stdout and stderr together in the order printed.
/// Calls are JSON 1.1 (<c>X-Amz-Target: Logs_20140328.…</c>) signed by no one: moto picks the service from the
/// credential scope and checks no signature.
/// </summary>
internal sealed class MotoLogs(Uri moto)
{
    private const string Key = "AKIAEXPERIMENTSFLEET";

    /// <summary>PutLogEvents takes at most this many events per call.</summary>
    private const int MaxEventsPerCall = 10_000;

    private readonly HttpClient _http = new() { BaseAddress = moto };

    public async Task WriteAsync(string group, string stream, IReadOnlyList<TaskOutputLine> lines, CancellationToken cancellationToken)
    {
        await CallAsync("CreateLogGroup", new { logGroupName = group }, cancellationToken, alreadyExistsIsFine: true).ConfigureAwait(false);
        await CallAsync("CreateLogStream", new { logGroupName = group, logStreamName = stream }, cancellationToken, alreadyExistsIsFine: true).ConfigureAwait(false);
        foreach (var chunk in lines.Chunk(MaxEventsPerCall))
        {
            var events = chunk.Select(l => new { timestamp = l.At.ToUnixTimeMilliseconds(), message = l.Text.Length == 0 ? " " : l.Text }).ToArray();
            await CallAsync("PutLogEvents", new { logGroupName = group, logStreamName = stream, logEvents = events }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CallAsync(string action, object body, CancellationToken cancellationToken, bool alreadyExistsIsFine = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Logs_20140328." + action);
        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256",
            $"Credential={Key}/20260101/{MotoAccount.Region}/logs/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || (alreadyExistsIsFine && text.Contains("ResourceAlreadyExistsException", StringComparison.Ordinal)))
            return;
        throw new InvalidOperationException($"moto's CloudWatch Logs refused {action} ({(int)response.StatusCode}): {text}");
    }
}
