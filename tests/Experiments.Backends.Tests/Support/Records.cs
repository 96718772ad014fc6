using System.Text.Json;
using Experiments.Schema;

namespace Experiments.Backends.Tests.Support;

/// <summary>Point records for store and serialization tests.</summary>
public static class Records
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, 123, TimeSpan.Zero);

    public static PointRecord Started(string key, int attempt = 1, long index = 0, int task = 0) =>
        new("Samples.Study.Run", key, index, task, attempt, PointStatus.Started, 1234, Noon, null, null, null);

    public static PointRecord Succeeded(string key, string resultJson = """{"value":1}""", int attempt = 1, long index = 0, int task = 0) =>
        Started(key, attempt, index, task) with { Status = PointStatus.Succeeded, Duration = 0.25, Result = Json(resultJson) };

    public static PointRecord Failed(string key, ErrorKind kind, int attempt = 1, long index = 0, int task = 0) =>
        Started(key, attempt, index, task) with
        {
            Status = PointStatus.Failed,
            Duration = 1.5,
            Error = new PointError(kind, kind == ErrorKind.Exception ? "System.InvalidOperationException" : null, $"{kind} happened", "detail\nline 2",
                kind == ErrorKind.Crash ? 134 : null),
        };

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static void AssertSame(PointRecord expected, PointRecord actual)
    {
        Assert.Equal(PointRecordJson.Serialize(expected), PointRecordJson.Serialize(actual));
    }
}
