namespace Experiments.Tool.Export;

/// <summary>One column of an export: its name, its type, and how a row's value is taken from a point.</summary>
public sealed record ExportColumn(string Name, ExportColumnType Type, Func<ExportRow, object?> Value);
