namespace Experiments.Stores.Tests.Support;

/// <summary>Whether a service answers over HTTP at all (any status), and why not when it does not.</summary>
public static class ServiceProbe
{
    /// <returns>Null when the service answered; otherwise what went wrong.</returns>
    public static async Task<string?> HttpAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{url} did not answer: {e.Message}";
        }
    }
}
