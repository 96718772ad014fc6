using System.Net;
using System.Text.Json;
using Experiments.Stores.Gcs;

namespace Experiments.Stores.Tests.Stores;

/// <summary>
/// How <see cref="GcsObjectStore"/> reports what the emulator cannot produce: a permission refusal in Cloud Storage's
/// documented error shape, and an HTTP timeout (HttpClient's <see cref="TaskCanceledException"/>). Requests go through
/// a handler that injects the answer; the official client's requests themselves are checked by the emulator in
/// <see cref="GcsObjectStoreTests"/>.
/// </summary>
public sealed class GcsFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refusal_is_explained_with_the_role_needed()
    {
        using var store = Open(new Answering(() => Error(HttpStatusCode.Forbidden, "forbidden", "caller does not have storage.objects.create access")));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.PutAsync("plan.json", "{}"u8.ToArray(), Ct));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("gs://my-bucket/runs/r1/plan.json", error.Message);
        Assert.Contains("roles/storage.objectAdmin", error.Message);
    }

    [Fact]
    public async Task An_http_timeout_is_a_store_error_that_says_the_service_did_not_answer()
    {
        using var store = Open(new Answering(() => throw new TaskCanceledException(
            "The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException())));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.ListAsync("records/", Ct));

        Assert.Contains("Could not list gs://my-bucket/runs/r1/records/*", error.Message);
        Assert.Contains("did not answer in time", error.Message);
    }

    private static GcsObjectStore Open(HttpMessageHandler handler) =>
        new(GcsLocation.Parse(new Uri("gs://my-bucket/runs/r1")), new ObjectStoreOptions
        {
            Environment = name => name == GcsObjectStore.EmulatorVariable ? "http://127.0.0.1:9" : null,
            GoogleCredential = Google.Apis.Auth.OAuth2.GoogleCredential.FromAccessToken("ya29.failure-test"),
            HttpHandler = handler,
        });

    private static HttpResponseMessage Error(HttpStatusCode status, string reason, string message) =>
        new(status)
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                error = new { code = (int)status, message, errors = new[] { new { reason, message } } },
            }), System.Text.Encoding.UTF8, "application/json"),
        };

    /// <summary>Answers every request the same way.</summary>
    private sealed class Answering(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer());
    }
}
