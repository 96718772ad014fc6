using System.Globalization;
using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Export;
using Experiments.Tool.Reading;
using Experiments.Tool.Tests.Export;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// <c>dotnet experiment export</c> of results files the tool recorded in the Sweeps fixture: CSV read back as text, and
/// Parquet read back by hyparquet (a reader independent of Parquet.Net) with its column types and values checked
/// against the results file.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed class ExportTests
{
    private const string SumHeader =
        "key,a,b,replicate,stale,status,seed,attempts,duration,result.sum,result.seed,result.replicate,error.kind,error.type,error.message";

    private readonly SweepsProject _sweeps;

    public ExportTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Csv_has_a_header_and_one_crlf_record_per_point_with_axes_status_seed_and_flattened_results()
    {
        await RunAsync("Arithmetic.Sum", "Failing.Throw", "Arithmetic.Print");

        var sum = await _sweeps.Tool.RunAsync("export", "Arithmetic.Sum", "--format", "csv", "-o", "sum.csv");
        var failing = await _sweeps.Tool.RunAsync("export", "Throw", "--format", "csv");
        var print = await _sweeps.Tool.RunAsync("export", "Print", "--format", "csv", "-o", "-");

        Assert.True(sum.ExitCode == 0, sum.ToString());
        Assert.Contains("Exported 12 points of Sweeps.Arithmetic.Sum (15 columns) to sum.csv.", sum.StandardOutput, StringComparison.Ordinal);
        var text = File.ReadAllText(Path.Combine(_sweeps.Directory, "sum.csv"));
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var records = text[..^2].Split("\r\n");
        Assert.Equal(SumHeader, records[0]);
        Assert.Equal(13, records.Length);
        var rows = records[1..].ToDictionary(r => r.Split(',')[0], r => r.Split(','));
        foreach (var point in ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum")).Points)
        {
            var p = point.Parameters;
            var seed = point.Seed.ToString(CultureInfo.InvariantCulture);
            var a = p.GetProperty("a").GetInt32();
            var b = p.GetProperty("b").GetDouble();
            var replicate = p.GetProperty("replicate").GetInt32();
            string[] expected =
            [
                point.Key, $"{a}", b.ToString(CultureInfo.InvariantCulture), $"{replicate}", "false", "succeeded", seed, "1", "DURATION",
                (a + b).ToString(CultureInfo.InvariantCulture), seed, $"{replicate}", "", "", "",
            ];
            var row = rows[point.Key];
            // The seconds this machine recorded for the point (kept beside the project, not in the results file).
            Assert.True(double.Parse(row[8], CultureInfo.InvariantCulture) >= 0, row[8]);
            row[8] = "DURATION";
            Assert.Equal(expected, row);
        }

        Assert.True(failing.ExitCode == 0, failing.ToString());
        var failed = File.ReadAllText(Path.Combine(_sweeps.Directory, "Failing.Throw.csv")).Split("\r\n");
        Assert.Equal("key,x,stale,status,seed,attempts,duration,result,error.kind,error.type,error.message", failed[0]);
        Assert.Matches(@"^x=2,2,false,failed,-?[0-9]+,3,[0-9.E-]+,,exception,System\.InvalidOperationException,x=2 always fails$", failed.Single(r => r.StartsWith("x=2,", StringComparison.Ordinal)));
        Assert.Matches(@"^x=3,3,false,succeeded,-?[0-9]+,1,[0-9.E-]+,30,,,$", failed.Single(r => r.StartsWith("x=3,", StringComparison.Ordinal)));

        // A method that returns nothing has no result columns; "-o -" writes to standard output (read here line by line,
        // which drops the line ends).
        Assert.True(print.ExitCode == 0, print.ToString());
        Assert.StartsWith("key,side,stale,status,seed,attempts,duration,error.kind,error.type,error.message\nside=left,left,false,succeeded,", print.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parquet_read_back_by_hyparquet_has_typed_nullable_columns_and_the_recorded_values()
    {
        await RunAsync("Arithmetic.Sum", "Failing.Throw", "Clock.Now");

        var sum = await _sweeps.Tool.RunAsync("export", "Arithmetic.Sum", "--format", "parquet");
        var failing = await _sweeps.Tool.RunAsync("export", "Failing.Throw", "--format", "parquet", "-o", "throw.parquet");
        var clock = await _sweeps.Tool.RunAsync("export", "Clock.Now", "--format", "parquet", "-o", "clock.parquet");
        Assert.True(sum.ExitCode == 0, sum.ToString());
        Assert.True(failing.ExitCode == 0, failing.ToString());
        Assert.True(clock.ExitCode == 0, clock.ToString());

        var table = await Hyparquet.ReadAsync(Path.Combine(_sweeps.Directory, "Arithmetic.Sum.parquet"));
        Assert.Equal(
            [
                "key BYTE_ARRAY STRING", "a INT32 INTEGER", "b DOUBLE", "replicate INT32 INTEGER", "stale BOOLEAN",
                "status BYTE_ARRAY STRING", "seed INT32 INTEGER", "attempts INT32 INTEGER", "duration DOUBLE", "result.sum DOUBLE",
                "result.seed INT32 INTEGER", "result.replicate INT32 INTEGER", "error.kind BYTE_ARRAY STRING",
                "error.type BYTE_ARRAY STRING", "error.message BYTE_ARRAY STRING",
            ],
            Schema(table));
        Assert.All(table.GetProperty("schema").EnumerateArray(), c => Assert.Equal("OPTIONAL", c.GetProperty("repetition").GetString()));
        var rows = Rows(table);
        var points = ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum")).Points;
        Assert.Equal(points.Count, rows.Count);
        foreach (var point in points)
        {
            var row = rows[point.Key];
            Assert.Equal(point.Parameters.GetProperty("a").GetInt32(), row.GetProperty("a").GetInt32());
            Assert.Equal(point.Parameters.GetProperty("b").GetDouble(), row.GetProperty("b").GetDouble());
            Assert.Equal(point.Seed, row.GetProperty("seed").GetInt32());
            Assert.Equal(("succeeded", false, 1), (row.GetProperty("status").GetString(), row.GetProperty("stale").GetBoolean(), row.GetProperty("attempts").GetInt32()));
            Assert.Equal(point.Result!.Value.GetProperty("sum").GetDouble(), row.GetProperty("result.sum").GetDouble());
            Assert.True(row.GetProperty("duration").GetDouble() >= 0);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("error.kind").ValueKind);
        }

        var thrown = Rows(await Hyparquet.ReadAsync(Path.Combine(_sweeps.Directory, "throw.parquet")));
        Assert.Equal(JsonValueKind.Null, thrown["x=2"].GetProperty("result").ValueKind);
        Assert.Equal(("exception", "x=2 always fails"), (thrown["x=2"].GetProperty("error.kind").GetString(), thrown["x=2"].GetProperty("error.message").GetString()));
        Assert.Equal(30, thrown["x=3"].GetProperty("result").GetInt32());

        // A nested result flattens to dotted columns; a tick count needs 64 bits.
        var clockTable = await Hyparquet.ReadAsync(Path.Combine(_sweeps.Directory, "clock.parquet"));
        Assert.Contains("result.n INT32 INTEGER", Schema(clockTable));
        Assert.Contains("result.at.ticks INT64 INTEGER", Schema(clockTable));
        var clockRows = Rows(clockTable);
        foreach (var point in ResultsText.Read(_sweeps.ResultsFile("Clock.Now")).Points)
        {
            var ticks = point.Result!.Value.GetProperty("at").GetProperty("ticks").GetInt64();
            Assert.Equal(ticks.ToString(CultureInfo.InvariantCulture), clockRows[point.Key].GetProperty("result.at.ticks").GetString());
        }
    }

    [Fact]
    public async Task Parquet_is_written_in_row_groups_so_a_large_file_is_never_held_whole()
    {
        await RunAsync("Arithmetic.Sum");
        var path = _sweeps.ResultsFile("Arithmetic.Sum");
        var source = new PointSource(path, "Arithmetic.Sum.results.json");
        var columns = ExportSchema.Discover(source.Axes, source.Points());
        var output = Path.Combine(_sweeps.Directory, "groups.parquet");

        await using (var stream = File.Create(output))
        await using (var writer = new ParquetExportWriter(stream, rowGroupSize: 5))
        {
            await writer.BeginAsync(columns, TestContext.Current.CancellationToken);
            foreach (var point in source.Points())
                await writer.WriteAsync(new ExportRow(point, duration: point.Seed % 7), TestContext.Current.CancellationToken);
        }

        var table = await Hyparquet.ReadAsync(output);
        Assert.Equal(3, table.GetProperty("rowGroups").GetInt32()); // 5 + 5 + 2
        var rows = Rows(table);
        Assert.Equal(12, rows.Count);
        foreach (var point in source.Points())
            Assert.Equal(point.Seed % 7, rows[point.Key].GetProperty("duration").GetDouble());
    }

    [Fact]
    public void Csv_fields_are_quoted_only_when_needed_and_numbers_are_invariant()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("plain", CsvExportWriter.Quote("plain"));
            Assert.Equal("\"a,b\"", CsvExportWriter.Quote("a,b"));
            Assert.Equal("\"say \"\"hi\"\"\"", CsvExportWriter.Quote("say \"hi\""));
            Assert.Equal("\"two\nlines\"", CsvExportWriter.Quote("two\nlines"));
            Assert.Equal("\"cr\rhere\"", CsvExportWriter.Quote("cr\rhere"));
            Assert.Equal("0.1", CsvExportWriter.Format(0.1));
            Assert.Equal("1E-07", CsvExportWriter.Format(1e-7));
            Assert.Equal("-1234567", CsvExportWriter.Format(-1234567));
            Assert.Equal("true", CsvExportWriter.Format(true));
            Assert.Equal("", CsvExportWriter.Format(null));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task An_unknown_format_or_parquet_to_standard_output_is_a_usage_error()
    {
        await RunAsync("Arithmetic.Sum");

        var format = await _sweeps.Tool.RunAsync("export", "Arithmetic.Sum", "--format", "xlsx");
        var stdout = await _sweeps.Tool.RunAsync("export", "Arithmetic.Sum", "--format", "parquet", "-o", "-");

        Assert.Equal(2, format.ExitCode);
        Assert.Contains("xlsx", format.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, stdout.ExitCode);
        Assert.Contains("Parquet cannot be written to standard output", stdout.StandardError, StringComparison.Ordinal);
    }

    private async Task RunAsync(params string[] experiments)
    {
        var run = await _sweeps.Tool.RunAsync(["run", .. experiments, "--no-build"]);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
    }

    private static string[] Schema(JsonElement table) =>
        table.GetProperty("schema").EnumerateArray()
            .Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("type").GetString()}{(c.GetProperty("logicalType").GetString() is { } l ? " " + l : "")}")
            .ToArray();

    private static Dictionary<string, JsonElement> Rows(JsonElement table) =>
        table.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
}
