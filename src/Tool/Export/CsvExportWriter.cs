using System.Globalization;
using System.Text;

namespace Experiments.Tool.Export;

/// <summary>
/// Writes rows as CSV by RFC 4180: a header row of column names, fields separated by commas, records ended by CRLF, a
/// field quoted (with quotes doubled) only when it holds a comma, quote, CR or LF. Numbers in invariant culture and
/// round-trip precision (<c>0.1</c>, <c>1E-07</c>), booleans as <c>true</c>/<c>false</c>, null as an empty field.
/// UTF-8 without a byte order mark.
/// </summary>
public sealed class CsvExportWriter(Stream output) : IExportWriter
{
    private const string RecordEnd = "\r\n";

    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true)
    {
        NewLine = RecordEnd,
    };

    private IReadOnlyList<ExportColumn> _columns = [];

    public Task BeginAsync(IReadOnlyList<ExportColumn> columns, CancellationToken cancellationToken)
    {
        _columns = columns;
        WriteRecord(columns.Select(c => c.Name));
        return Task.CompletedTask;
    }

    public Task WriteAsync(ExportRow row, CancellationToken cancellationToken)
    {
        WriteRecord(_columns.Select(c => Format(c.Value(row))));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }

    private void WriteRecord(IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
                _writer.Write(',');
            first = false;
            _writer.Write(Quote(field));
        }
        _writer.Write(RecordEnd);
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
