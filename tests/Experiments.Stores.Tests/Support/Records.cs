using System.Text;
using System.Text.Json;
using Experiments.Schema;

namespace Experiments.Stores.Tests.Support;

/// <summary>Point records and record-file text for store tests.</summary>
public static class Records
{
    public const string Experiment = "Samples.Study.Run";

    public static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, 123, TimeSpan.Zero);

    public static PointRecord Succeeded(string key, long index = 0, int task = 0) =>
        new(Experiment, key, index, task, 1, PointStatus.Succeeded, 1234, Noon, 0.25, Json("""{"value":1}"""), null);

    public static string Line(PointRecord record) => PointRecordJson.Serialize(record) + "\n";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The object name of a task's records in a store (<c>records/{hash}-task-{N}.jsonl</c>).</summary>
    public static string ObjectName(int task, string experiment = Experiment) =>
        $"{PointRecordFiles.RecordsFolder}/{PointRecordFiles.FileName(experiment, task)}";

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
