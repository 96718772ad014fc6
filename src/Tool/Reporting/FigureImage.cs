namespace Experiments.Tool.Reporting;

/// <summary>One drawn cell (or line point) of a figure, in the image's pixels, so the HTML page can name it on hover.</summary>
/// <param name="Label">What the cell is: <c>coefficients=Gaussian, delta=0.5, rho=0.1: 0.95 (19 of 20; 95 % 0.76–0.99)</c>.</param>
public sealed record FigureCell(string Label, int Left, int Top, int Right, int Bottom);

/// <summary>A rendered figure: the PNG, its size, what it shows, and where its cells are.</summary>
/// <param name="FileName">The PNG's file name in the report folder (<c>PhaseTransition.Run.recovered.png</c>).</param>
/// <param name="Caption">One sentence saying what is drawn and what is averaged over.</param>
public sealed record FigureImage(string FileName, string Caption, byte[] Png, int Width, int Height, IReadOnlyList<FigureCell> Cells)
{
    /// <summary>
    /// Above this many cells the page gets no hover map: cells are then a few pixels wide, and tens of thousands of
    /// areas would make the page slow to open for nothing a person could point at.
    /// </summary>
    public const int MaxHoverCells = 5000;
}
