using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Experiments.AwsBatch.Tests;

/// <summary>
/// Sits in front of the real HTTP handler: answers the next queued faults itself (as AWS would: a JSON body with
/// <c>__type</c> and <c>message</c>, and <c>x-amzn-ErrorType</c>), or throws a connection failure, and passes every other
/// request on. Counts what reached it.
/// </summary>
internal sealed class FaultInjectingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<Fault> _faults = new();
    private int _sent;
    private int _passed;

    /// <summary>Requests the client sent (faulted ones included).</summary>
    public int Sent => _sent;

    /// <summary>Requests that went on to the service.</summary>
    public int Passed => _passed;

    public void Answer(int status, string errorType, string message, int times = 1)
    {
        for (var i = 0; i < times; i++)
            _faults.Enqueue(new Fault(status, errorType, message));
    }

    public void DropConnection(int times = 1)
    {
        for (var i = 0; i < times; i++)
            _faults.Enqueue(new Fault(0, "", ""));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sent);
        if (_faults.TryDequeue(out var fault))
        {
            if (fault.Status == 0)
                throw new HttpRequestException("Connection reset by peer (injected).");
            var response = new HttpResponseMessage((HttpStatusCode)fault.Status)
            {
                RequestMessage = request,
                Content = new StringContent($$"""{"__type":"{{fault.ErrorType}}","message":"{{fault.Message}}"}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", fault.ErrorType);
            return response;
        }
        Interlocked.Increment(ref _passed);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private sealed record Fault(int Status, string ErrorType, string Message);
}
