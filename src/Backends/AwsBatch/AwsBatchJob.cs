namespace Experiments.Backends.AwsBatch;

/// <summary>A submitted AWS Batch job and the plan tasks it runs: an array parent (two or more) or a plain job (one).</summary>
public sealed record AwsBatchJob(string JobId, ArrayChunk Tasks)
{
    public bool IsArray => Tasks.Count >= 2;
}

/// <summary>Array children: AWS names them <c>{parent job id}:{index}</c>.</summary>
public static class AwsBatchChildJobs
{
    /// <summary>A child's array index: the one AWS reports, else the number after the last ':' of its id.</summary>
    public static int? Index(string jobId, int? reported)
    {
        if (reported is not null)
            return reported;
        var colon = jobId.LastIndexOf(':');
        return colon >= 0 && int.TryParse(jobId.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }
}
