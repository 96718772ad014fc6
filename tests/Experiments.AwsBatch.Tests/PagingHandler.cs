using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Experiments.AwsBatch.Tests;

/// <summary>
/// moto answers ListJobs and DescribeJobDefinitions all at once (it ignores <c>maxResults</c> and <c>nextToken</c>);
/// AWS pages them. This handler, between the client and the real HTTP handler, passes each request on unchanged and
/// hands out moto's complete answer page by page as AWS would: <c>maxResults</c> items (else
/// <see cref="DefaultPageSize"/>) from where the request's <c>nextToken</c> says, with a <c>nextToken</c> while more remain.
/// </summary>
internal sealed class PagingHandler(int defaultPageSize) : DelegatingHandler(new SocketsHttpHandler())
{
    private static readonly Dictionary<string, string> PagedLists = new(StringComparer.Ordinal)
    {
        ["/v1/listjobs"] = "jobSummaryList",
        ["/v1/describejobdefinitions"] = "jobDefinitions",
    };

    private int _pages;

    public int DefaultPageSize { get; } = defaultPageSize;

    /// <summary>Pages handed out so far.</summary>
    public int Pages => _pages;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || !PagedLists.TryGetValue(request.RequestUri!.AbsolutePath, out var list))
            return response;
        var input = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
        var output = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
        Assert.False(output.ContainsKey("nextToken"), "moto pages by itself now: this handler is no longer needed");
        var items = output[list]!.AsArray().Select(i => i?.DeepClone()).ToList();
        var start = input["nextToken"] is { } token ? int.Parse(token.GetValue<string>()[5..], CultureInfo.InvariantCulture) : 0;
        var size = input["maxResults"]?.GetValue<int>() ?? DefaultPageSize;
        output[list] = new JsonArray(items.Skip(start).Take(size).ToArray());
        if (start + size < items.Count)
            output["nextToken"] = "page-" + (start + size).ToString(CultureInfo.InvariantCulture);
        Interlocked.Increment(ref _pages);
        response.Content = new StringContent(output.ToJsonString(), Encoding.UTF8, "application/json");
        return response;
    }
}
