using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Experiments.Backends.AzureBatch.Client;

/// <summary>
/// The headers every Batch request carries: <c>client-request-id</c> (one GUID per call, kept over its retries, so the
/// service's logs tie the tries together) and <c>ocp-date</c> (per try: Shared Key signs it, and the service refuses a
/// signature more than 15 minutes old).
/// </summary>
internal sealed class BatchRequestHeadersPolicy : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("client-request-id", request.ClientRequestId);
        request.Headers.SetValue("ocp-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
    }
}
