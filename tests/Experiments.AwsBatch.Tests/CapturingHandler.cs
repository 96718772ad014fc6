using System.Net;

namespace Experiments.AwsBatch.Tests;

/// <summary>Answers every request 400 ClientException after noting where it went and how it was signed; nothing leaves the process.</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    public string? Authorization { get; private set; }

    public Uri? RequestUri { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorization = request.Headers.GetValues("Authorization").Single();
        RequestUri = request.RequestUri;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"__type":"ClientException","message":"captured"}"""),
        });
    }
}
