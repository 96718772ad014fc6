using System.Text;
using Experiments.CloudEmulators.Hosting;
using Experiments.Stores;

namespace Experiments.Tool.Tests.Cloud.Support;

/// <summary>
/// Looks for the test environment's credentials everywhere they must never be: the query and body of every request a
/// service received (its Authorization header is where they belong, and is not looked at), the objects in the run's
/// store, the journal and the results file. Each place is named, so a failure says where a secret leaked.
/// </summary>
public static class LeakScan
{
    /// <summary>Every request's method, path, query and body, named by the service that received it.</summary>
    public static IEnumerable<(string Where, string Text)> Requests(string service, IEnumerable<RecordedRequest> requests) =>
        requests.Select(r => ($"{service} {r.Method} {r.Path}{r.Query}", $"{r.Path}{r.Query}\n{Encoding.UTF8.GetString(r.Body)}"));

    /// <summary>The run's journal (everything under .experiments/runs) and the results file.</summary>
    public static IEnumerable<(string Where, string Text)> Written(CloudSweepsProject sweeps, string resultsExperiment = "Arithmetic.Sum") =>
        Directory.EnumerateFiles(Path.Combine(sweeps.Directory, ".experiments", "runs"), "*", SearchOption.AllDirectories)
            .Append(sweeps.ResultsFile(resultsExperiment))
            .Select(f => (f, File.ReadAllText(f)));

    /// <summary>Every object under the store (plan, records, whatever the workers wrote).</summary>
    public static async Task<IReadOnlyList<(string Where, string Text)>> StoreAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var found = new List<(string, string)>();
        foreach (var entry in await store.ListAsync("", cancellationToken))
            found.Add(($"{store.Location}/{entry.Name}", Encoding.UTF8.GetString(await store.GetAsync(entry.Name, cancellationToken) ?? [])));
        return found;
    }

    /// <summary>Fails naming the first place that holds one of <paramref name="secrets"/>; there must be places to look at.</summary>
    public static void AssertAbsent(IReadOnlyList<string> secrets, IEnumerable<(string Where, string Text)> places)
    {
        var looked = 0;
        foreach (var (where, text) in places)
        {
            looked++;
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A credential of the test environment ({secret[..Math.Min(6, secret.Length)]}…) is in {where}.");
        }
        Assert.True(looked > 0, "There was nothing to look at for credentials.");
    }
}
