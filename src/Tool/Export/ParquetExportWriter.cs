using Parquet;
using Parquet.Schema;

namespace Experiments.Tool.Export;

/// <summary>
/// Writes rows as Parquet (Parquet.Net) with typed, nullable columns — boolean, int32, int64, double, UTF-8 string —
/// that pandas, polars, R's arrow and DuckDB read directly. Rows are buffered column by column and written as a row
/// group every <see cref="RowGroupSize"/> rows, so memory stays the same for a thousand points or ten million.
/// </summary>
public sealed class ParquetExportWriter(Stream output, int rowGroupSize = ParquetExportWriter.RowGroupSize) : IExportWriter
{
    public const int RowGroupSize = 100_000;

    private IReadOnlyList<ExportColumn> _columns = [];
    private DataField[] _fields = [];
    private ColumnBuffer[] _buffers = [];
    private ParquetWriter? _writer;
    private int _rows;

    public async Task BeginAsync(IReadOnlyList<ExportColumn> columns, CancellationToken cancellationToken)
    {
        _columns = columns;
        _fields = columns.Select(Field).ToArray();
        _buffers = columns.Select(c => ColumnBuffer.For(c.Type, rowGroupSize)).ToArray();
        _writer = await ParquetWriter.CreateAsync(new ParquetSchema(_fields), output, cancellationToken: cancellationToken);
    }

    public async Task WriteAsync(ExportRow row, CancellationToken cancellationToken)
    {
        for (var c = 0; c < _columns.Count; c++)
            _buffers[c].Set(_rows, _columns[c].Value(row));
        if (++_rows == rowGroupSize)
            await FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is null)
            return;
        if (_rows > 0)
            await FlushAsync(CancellationToken.None);
        await _writer.DisposeAsync();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        using (var group = _writer!.CreateRowGroup())
        {
            for (var c = 0; c < _fields.Length; c++)
                await _buffers[c].WriteAsync(group, _fields[c], _rows, cancellationToken);
            group.CompleteValidate();
        }
        _rows = 0;
    }

    private static DataField Field(ExportColumn column) => column.Type switch
    {
        ExportColumnType.Bool => new DataField<bool?>(column.Name),
        ExportColumnType.Int => new DataField<int?>(column.Name),
        ExportColumnType.Long => new DataField<long?>(column.Name),
        ExportColumnType.Double => new DataField<double?>(column.Name),
        _ => new DataField<string>(column.Name, nullable: true),
    };

    /// <summary>One row group's values of one column, in the array type Parquet.Net writes without conversion.</summary>
    private abstract class ColumnBuffer
    {
        public static ColumnBuffer For(ExportColumnType type, int size) => type switch
        {
            ExportColumnType.Bool => new Values<bool>(size),
            ExportColumnType.Int => new Values<int>(size),
            ExportColumnType.Long => new Values<long>(size),
            ExportColumnType.Double => new Values<double>(size),
            _ => new Texts(size),
        };

        public abstract void Set(int row, object? value);

        public abstract Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken);
    }

    private sealed class Values<T>(int size) : ColumnBuffer
        where T : struct
    {
        private readonly T?[] _values = new T?[size];

        public override void Set(int row, object? value) => _values[row] = (T?)value;

        public override Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken) =>
            group.WriteAsync<T>(field, new ReadOnlyMemory<T?>(_values, 0, rows), cancellationToken: cancellationToken);
    }

    private sealed class Texts(int size) : ColumnBuffer
    {
        private readonly string?[] _values = new string?[size];

        public override void Set(int row, object? value) => _values[row] = (string?)value;

        public override Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken) =>
            group.WriteAsync(field, new ArraySegment<string>(_values!, 0, rows));
    }
}
