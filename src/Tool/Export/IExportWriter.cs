namespace Experiments.Tool.Export;

/// <summary>A file format rows are exported to: told the columns once, then given rows one at a time.</summary>
public interface IExportWriter : IAsyncDisposable
{
    Task BeginAsync(IReadOnlyList<ExportColumn> columns, CancellationToken cancellationToken);

    Task WriteAsync(ExportRow row, CancellationToken cancellationToken);
}
