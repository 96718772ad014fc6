using System.Text;
using Experiments.Stores.Tests.Support;

namespace Experiments.Stores.Tests.Stores;

/// <summary>What every object store must do, run against a real service by each derived class.</summary>
public abstract class ObjectStoreContract
{
    /// <summary>Checks the service, makes a fresh bucket or container, and opens a store on <paramref name="prefix"/> in it.</summary>
    protected abstract Task<IObjectStore> OpenFreshAsync(string prefix, int? pageSize = null);

    [Fact]
    public async Task An_object_put_is_got_back_byte_for_byte()
    {
        using var store = await OpenFreshAsync("runs/r1");
        var content = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();

        await store.PutAsync("records/a.jsonl", content, TestContext.Current.CancellationToken);

        Assert.Equal(content, await store.GetAsync("records/a.jsonl", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_deleted_object_is_gone_from_reads_and_listings_and_deleting_it_again_is_no_error()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = await OpenFreshAsync("runs/r1");
        await store.PutAsync("records/a.jsonl", new byte[] { 1, 2, 3 }, ct);
        await store.PutAsync("records/b.jsonl", new byte[] { 4 }, ct);

        await store.DeleteAsync("records/a.jsonl", ct);
        await store.DeleteAsync("records/a.jsonl", ct);

        Assert.Null(await store.GetAsync("records/a.jsonl", ct));
        Assert.Equal(["records/b.jsonl"], (await store.ListAsync("records/", ct)).Select(e => e.Name));
    }

    [Fact]
    public async Task A_missing_object_is_null_not_an_error()
    {
        using var store = await OpenFreshAsync("runs/r1");

        Assert.Null(await store.GetAsync("plan.json", TestContext.Current.CancellationToken));
        Assert.Null(await store.GetFromAsync("records/none.jsonl", 10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_read_from_an_offset_returns_only_the_rest_with_the_whole_size()
    {
        using var store = await OpenFreshAsync("p");
        await store.PutAsync("o.txt", Encoding.UTF8.GetBytes("0123456789"), TestContext.Current.CancellationToken);

        var range = await store.GetFromAsync("o.txt", 4, TestContext.Current.CancellationToken);

        Assert.NotNull(range);
        Assert.Equal("456789", Encoding.UTF8.GetString(range.Content));
        Assert.Equal(4, range.Offset);
        Assert.Equal(10, range.Size);
        Assert.False(string.IsNullOrEmpty(range.ETag));
    }

    [Fact]
    public async Task A_read_from_the_end_is_empty_and_names_the_size()
    {
        using var store = await OpenFreshAsync("p");
        await store.PutAsync("o.txt", Encoding.UTF8.GetBytes("0123456789"), TestContext.Current.CancellationToken);

        var range = await store.GetFromAsync("o.txt", 10, TestContext.Current.CancellationToken);

        Assert.NotNull(range);
        Assert.Empty(range.Content);
        Assert.Equal(10, range.Size);
    }

    [Fact]
    public async Task Replacing_an_object_changes_its_content_and_its_ETag()
    {
        using var store = await OpenFreshAsync("p");
        await store.PutAsync("o.txt", Encoding.UTF8.GetBytes("first\n"), TestContext.Current.CancellationToken);
        var before = (await store.ListAsync("", TestContext.Current.CancellationToken)).Single();

        await store.PutAsync("o.txt", Encoding.UTF8.GetBytes("first\nsecond\n"), TestContext.Current.CancellationToken);
        var after = (await store.ListAsync("", TestContext.Current.CancellationToken)).Single();

        Assert.Equal(6, before.Size);
        Assert.Equal(13, after.Size);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal("first\nsecond\n", Encoding.UTF8.GetString((await store.GetAsync("o.txt", TestContext.Current.CancellationToken))!));
    }

    [Fact]
    public async Task A_listing_spans_pages_and_holds_only_its_prefix_in_name_order()
    {
        using var store = await OpenFreshAsync("runs/r1", pageSize: 2);
        var names = Enumerable.Range(0, 7).Select(i => $"records/t{i:D2}.jsonl").Reverse().ToArray();
        foreach (var (name, size) in names.Select((n, i) => (n, i + 1)))
            await store.PutAsync(name, new byte[size], TestContext.Current.CancellationToken);
        await store.PutAsync("plan.json", "{}"u8.ToArray(), TestContext.Current.CancellationToken);
        using (var sibling = ReopenSibling(store, "runs/r10"))
            await sibling.PutAsync("records/other.jsonl", new byte[3], TestContext.Current.CancellationToken);

        var listed = await store.ListAsync("records/", TestContext.Current.CancellationToken);

        Assert.Equal(names.Order(StringComparer.Ordinal), listed.Select(e => e.Name));
        Assert.Equal(7, listed.Single(e => e.Name == "records/t00.jsonl").Size);
        Assert.All(listed, e => Assert.False(string.IsNullOrEmpty(e.ETag)));
    }

    [Fact]
    public async Task Names_with_spaces_and_unicode_round_trip()
    {
        using var store = await OpenFreshAsync("a b/ü");

        await store.PutAsync("records/x y+z ü.jsonl", "hi"u8.ToArray(), TestContext.Current.CancellationToken);

        Assert.Equal("hi"u8.ToArray(), await store.GetAsync("records/x y+z ü.jsonl", TestContext.Current.CancellationToken));
        Assert.Equal(["records/x y+z ü.jsonl"], (await store.ListAsync("records/", TestContext.Current.CancellationToken)).Select(e => e.Name));
    }

    /// <summary>A store on another prefix of the same bucket or container.</summary>
    protected abstract IObjectStore ReopenSibling(IObjectStore store, string prefix);
}
