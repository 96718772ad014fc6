using Experiments.Points;
using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Backends.Tests.Support;

/// <summary>Everything a store holds, with the questions tests ask of it.</summary>
public sealed class StoreRecords(IReadOnlyList<PointRecord> all, IReadOnlyList<string> problems)
{
    public static StoreRecords Read(string store)
    {
        using var reader = new DirectoryResultStore(store);
        var read = reader.ReadNew();
        return new StoreRecords(read.Records, read.Problems);
    }

    public IReadOnlyList<PointRecord> All => all;

    public IReadOnlyList<string> Problems => problems;

    public IReadOnlyList<PointRecord> Of(string experiment, string key) =>
        all.Where(r => r.Experiment == experiment && r.Key == key).ToArray();

    /// <summary>The final records (succeeded or failed) of a point, in the order written.</summary>
    public IReadOnlyList<PointRecord> Finals(string experiment, string key) => Of(experiment, key).Where(r => r.IsFinal).ToArray();

    public PointRecord SucceededOnce(string experiment, string key)
    {
        var succeeded = Finals(experiment, key).Where(r => r.Status == PointStatus.Succeeded).ToArray();
        Assert.True(succeeded.Length == 1, $"{experiment} {key}: expected one succeeded record, found {succeeded.Length}.\n{Dump()}");
        return succeeded[0];
    }

    /// <summary>
    /// What must hold of any store: no point succeeded twice, every started attempt has exactly one final record, and
    /// each record's key and seed are the registry's for its index.
    /// </summary>
    public void AssertConsistent(IEnumerable<ExperimentDescriptor> experiments)
    {
        var byName = experiments.ToDictionary(e => e.Name);
        Assert.Empty(problems);
        foreach (var point in all.GroupBy(r => (r.Experiment, r.Key)))
        {
            Assert.True(point.Count(r => r.Status == PointStatus.Succeeded) <= 1, $"{point.Key} succeeded more than once.\n{Dump()}");
            foreach (var attempt in point.GroupBy(r => r.Attempt))
            {
                var starts = attempt.Count(r => r.Status == PointStatus.Started);
                var finals = attempt.Count(r => r.IsFinal);
                // A cancelled attempt runs again under its number, so an attempt may start more than once — but every start ends.
                Assert.True(starts == finals, $"{point.Key} attempt {attempt.Key}: {starts} started, {finals} final records.\n{Dump()}");
            }
            var descriptor = byName[point.Key.Experiment];
            foreach (var record in point)
            {
                Assert.Equal(descriptor.KeyOf(record.Index), record.Key);
                Assert.Equal(Seeds.Derive(descriptor.Name, record.Key), record.Seed);
            }
        }
    }

    public string Dump() => string.Join("\n", all.Select(PointRecordJson.Serialize)) + (problems.Count > 0 ? "\nproblems:\n" + string.Join("\n", problems) : "");
}
