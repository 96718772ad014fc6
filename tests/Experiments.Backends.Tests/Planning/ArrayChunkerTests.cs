namespace Experiments.Backends.Tests.Planning;

public sealed class ArrayChunkerTests
{
    [Fact]
    public void Splits_at_the_maximum_array_size_with_offsets()
    {
        Assert.Equal([new ArrayChunk(0, 10), new ArrayChunk(10, 10), new ArrayChunk(20, 5)], ArrayChunker.Chunk(25, 10));
    }

    [Fact]
    public void An_exact_multiple_gives_full_chunks_only()
    {
        Assert.Equal([new ArrayChunk(0, 3), new ArrayChunk(3, 3)], ArrayChunker.Chunk(6, 3));
    }

    [Fact]
    public void Fewer_tasks_than_the_maximum_give_one_chunk()
    {
        var chunk = Assert.Single(ArrayChunker.Chunk(7, 1001));
        Assert.Equal(new ArrayChunk(0, 7), chunk);
        Assert.Equal(6, chunk.LastTask);
    }

    [Fact]
    public void No_tasks_give_no_chunks()
    {
        Assert.Empty(ArrayChunker.Chunk(0, 10));
    }

    [Fact]
    public void Offsets_start_at_the_first_task()
    {
        Assert.Equal([new ArrayChunk(100, 2), new ArrayChunk(102, 1)], ArrayChunker.Chunk(3, 2, firstTask: 100));
    }

    [Fact]
    public void Every_task_lands_in_exactly_one_chunk_at_index_plus_offset()
    {
        var chunks = ArrayChunker.Chunk(10_001, 1000);

        var covered = chunks.SelectMany(c => Enumerable.Range(0, c.Count).Select(index => index + c.Offset)).ToArray();

        Assert.Equal(Enumerable.Range(0, 10_001), covered);
        Assert.All(chunks, c => Assert.InRange(c.Count, 1, 1000));
    }

    [Fact]
    public void A_subset_of_tasks_becomes_chunks_of_consecutive_runs()
    {
        var chunks = ArrayChunker.Chunk([0, 1, 2, 5, 6, 9], maxArraySize: 2);

        Assert.Equal([new ArrayChunk(0, 2), new ArrayChunk(2, 1), new ArrayChunk(5, 2), new ArrayChunk(9, 1)], chunks);
    }

    [Fact]
    public void A_subset_must_be_ascending_without_repeats()
    {
        Assert.Contains("ascending", Assert.Throws<ArgumentException>(() => ArrayChunker.Chunk([3, 1], 10)).Message);
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => ArrayChunker.Chunk([1, 1], 10)).Message);
    }

    [Fact]
    public void The_maximum_must_be_at_least_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrayChunker.Chunk(5, 0));
    }
}
