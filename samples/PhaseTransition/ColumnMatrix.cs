namespace Samples;

/// <summary>A dense matrix stored column by column: the decoder works on whole columns, so each is one contiguous span.</summary>
public sealed class ColumnMatrix
{
    private readonly double[] _values;

    public ColumnMatrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Rows = rows;
        Columns = columns;
        _values = new double[rows * columns];
    }

    public int Rows { get; }

    public int Columns { get; }

    public Span<double> Column(int column) => _values.AsSpan(column * Rows, Rows);

    public ReadOnlySpan<double> ReadColumn(int column) => _values.AsSpan(column * Rows, Rows);

    /// <summary>y = A x.</summary>
    public double[] Multiply(ReadOnlySpan<double> x)
    {
        if (x.Length != Columns)
            throw new ArgumentException($"Expected a vector of length {Columns}, got {x.Length}.", nameof(x));
        var y = new double[Rows];
        for (var j = 0; j < Columns; j++)
        {
            if (x[j] != 0)
                Vectors.AddScaled(y, x[j], ReadColumn(j));
        }
        return y;
    }
}
