using Experiments.Backends;
using Experiments.Schema;
using Experiments.Stores.Tests.Support;
using static Experiments.Stores.Tests.Support.Records;

namespace Experiments.Stores.Tests.Reading;

/// <summary>
/// <see cref="ObjectResultStore"/> reading a store while a writer replaces record objects with longer copies, as a
/// worker does — against a real service in each derived class.
/// </summary>
public abstract class ObjectResultStoreContract
{
    protected abstract Task<IObjectStore> OpenFreshAsync(string prefix);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_that_fails_is_reported_once_and_read_in_full_when_it_answers_again()
    {
        using var writer = await OpenFreshAsync("runs/r1");
        var failing = new FailingObjectStore(writer);
        using var reader = new ObjectResultStore(failing);
        await writer.PutAsync(ObjectName(0), Utf8(Line(Succeeded("k=1", 1)) + Line(Succeeded("k=2", 2))), Ct);

        failing.FailNext(2);
        var first = await reader.ReadNewAsync(Ct);
        var second = await reader.ReadNewAsync(Ct);
        var third = await reader.ReadNewAsync(Ct);

        Assert.Empty(first.Records);
        var problem = Assert.Single(first.Problems);
        Assert.StartsWith($"Could not read the records in {writer.Location}: Could not read", problem);
        Assert.Contains("Reading again at the next poll", problem);
        Assert.Empty(second.Problems); // the same failure again is not repeated
        Assert.Equal(["k=1", "k=2"], third.Records.Select(r => r.Key));
        Assert.Empty(third.Problems);
    }

    [Fact]
    public async Task Each_read_returns_only_what_was_appended_and_leaves_a_torn_line_for_later()
    {
        using var writer = await OpenFreshAsync("runs/r1");
        var counting = new CountingObjectStore(writer);
        using var reader = new ObjectResultStore(counting);
        var (a, b, c) = (Succeeded("k=1", 1), Succeeded("k=2", 2), Succeeded("k=3", 3));
        var third = Line(c);

        await writer.PutAsync(ObjectName(0), Utf8(Line(a) + Line(b) + third[..20]), Ct);
        var first = await reader.ReadNewAsync(Ct);
        await writer.PutAsync(ObjectName(0), Utf8(Line(a) + Line(b) + third), Ct);
        var second = await reader.ReadNewAsync(Ct);
        var third_ = await reader.ReadNewAsync(Ct);

        Assert.Equal(["k=1", "k=2"], first.Records.Select(r => r.Key));
        Assert.Equal(["k=3"], second.Records.Select(r => r.Key));
        Assert.Equal(PointRecordJson.Serialize(c), PointRecordJson.Serialize(second.Records[0]));
        Assert.Empty(third_.Records);
        Assert.Empty(first.Problems.Concat(second.Problems).Concat(third_.Problems));
        Assert.Equal(3, counting.Lists); // one listing per read, whatever the number of objects
        Assert.Equal(2, counting.Gets); // an object that did not change is not fetched again
    }

    [Fact]
    public async Task A_bad_line_is_reported_with_its_object_and_line_number_and_the_rest_is_read()
    {
        using var writer = await OpenFreshAsync("runs/r1");
        using var reader = new ObjectResultStore(writer);
        await writer.PutAsync(ObjectName(0), Utf8(Line(Succeeded("k=1"))), Ct);
        await reader.ReadNewAsync(Ct);

        await writer.PutAsync(ObjectName(0), Utf8(Line(Succeeded("k=1")) + "{\"experiment\":\"cut off by a cra\n" + Line(Succeeded("k=2"))), Ct);
        var read = await reader.ReadNewAsync(Ct);

        Assert.Equal(["k=2"], read.Records.Select(r => r.Key));
        var problem = Assert.Single(read.Problems);
        Assert.StartsWith($"{writer.Location}/{ObjectName(0)} line 2: not a point record (", problem);
        Assert.EndsWith("); skipped.", problem);
    }

    [Fact]
    public async Task Tasks_are_read_in_object_name_order_and_other_objects_are_ignored()
    {
        using var writer = await OpenFreshAsync("runs/r1");
        using var reader = new ObjectResultStore(writer);
        await writer.PutAsync(ObjectName(1), Utf8(Line(Succeeded("k=b", task: 1))), Ct);
        await writer.PutAsync(ObjectName(0), Utf8(Line(Succeeded("k=a", task: 0))), Ct);
        await writer.PutAsync("records/notes.txt", Utf8("not records\n"), Ct);
        await writer.PutAsync("records/nested/x.jsonl", Utf8("not records either\n"), Ct);
        await writer.PutAsync("plan.json", Utf8("{}"), Ct);

        var read = await reader.ReadNewAsync(Ct);

        var expected = new[] { (ObjectName(0), "k=a"), (ObjectName(1), "k=b") }.OrderBy(p => p.Item1, StringComparer.Ordinal).Select(p => p.Item2);
        Assert.Equal(expected, read.Records.Select(r => r.Key));
        Assert.Empty(read.Problems);
    }

    [Fact]
    public async Task A_rewritten_or_shrunk_object_is_read_again_from_the_start_and_said_so()
    {
        using var writer = await OpenFreshAsync("runs/r1");
        using var reader = new ObjectResultStore(writer);
        await writer.PutAsync(ObjectName(0), Utf8(Line(Succeeded("k=1")) + Line(Succeeded("k=2"))), Ct);
        await reader.ReadNewAsync(Ct);

        await writer.PutAsync(ObjectName(0), Utf8(Line(Succeeded("k=9"))), Ct);
        var shrunk = await reader.ReadNewAsync(Ct);
        await writer.PutAsync(ObjectName(0), Utf8(Line(Succeeded("k=7", 70)) + Line(Succeeded("k=8"))), Ct);
        var rewritten = await reader.ReadNewAsync(Ct);

        Assert.Equal(["k=9"], shrunk.Records.Select(r => r.Key));
        Assert.Contains("shrank", Assert.Single(shrunk.Problems));
        Assert.Equal(["k=7", "k=8"], rewritten.Records.Select(r => r.Key));
        Assert.Contains("was rewritten", Assert.Single(rewritten.Problems));
    }

    [Fact]
    public async Task An_empty_store_reads_as_nothing()
    {
        using var store = await OpenFreshAsync("runs/never-written");
        using var reader = new ObjectResultStore(store);

        var read = await reader.ReadNewAsync(Ct);

        Assert.Empty(read.Records);
        Assert.Empty(read.Problems);
        Assert.Equal(store.Location, reader.Location);
    }
}

public sealed class ObjectResultStoreOnS3Tests : ObjectResultStoreContract
{
    protected override async Task<IObjectStore> OpenFreshAsync(string prefix)
    {
        await Moto.RequireAsync();
        return Moto.Open(await Moto.NewBucketAsync(), prefix);
    }
}

public sealed class ObjectResultStoreOnAzureBlobTests : ObjectResultStoreContract
{
    protected override async Task<IObjectStore> OpenFreshAsync(string prefix)
    {
        await Azurite.RequireAsync();
        return Azurite.Open(await Azurite.NewContainerAsync(), prefix);
    }
}

public sealed class ObjectResultStoreOnGcsTests : ObjectResultStoreContract, IAsyncLifetime
{
    private GcsServer _gcs = null!;

    public async ValueTask InitializeAsync() => _gcs = await GcsServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        var violations = _gcs.Emulator.Violations;
        await _gcs.DisposeAsync();
        Assert.Empty(violations);
    }

    protected override Task<IObjectStore> OpenFreshAsync(string prefix) => Task.FromResult<IObjectStore>(_gcs.Open(_gcs.NewBucket(), prefix));
}
