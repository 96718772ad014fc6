using System.Globalization;
using System.Text.Json;
using Experiments.Schema;

namespace Experiments.Tool.Reporting;

/// <summary>
/// One axis of the experiment as the report sees it: its values as labels, whether it is numeric (a heatmap or line
/// axis), categorical (a facet: enum, bool, string) or a replicate axis (averaged over), and a fast lookup from a
/// point's parameter value to the value's position.
/// </summary>
public sealed class ReportAxis
{
    private static readonly HashSet<string> NumericTypes = new(StringComparer.Ordinal)
    {
        "double", "float", "decimal", "int", "long", "short", "byte", "sbyte", "uint", "ulong", "ushort",
        "System.Double", "System.Single", "System.Decimal", "System.Int32", "System.Int64", "System.Int16",
    };

    private readonly Dictionary<double, int> _numberIndex = [];
    private readonly Dictionary<string, int> _textIndex = new(StringComparer.Ordinal);

    public ReportAxis(ManifestAxis axis, int position)
    {
        Name = axis.Name;
        Type = axis.Type;
        Position = position;
        IsReplicate = axis.Kind == "replicates";
        if (ResultsFileAxes.TryArithmetic(axis) is { } form)
        {
            // A range or replicates axis: every value is a number, computed from its text rather than made into a
            // JsonElement one by one (a million of those would take seconds at the start of every run).
            IsNumeric = !IsReplicate && NumericTypes.Contains(axis.Type);
            IsCategorical = false;
            var computedLabels = new string[form.Count];
            var computedNumbers = new double[form.Count];
            for (var i = 0; i < form.Count; i++)
            {
                computedNumbers[i] = double.Parse(ResultsFileAxes.TextAt(axis.Type, form, i), NumberStyles.Float, CultureInfo.InvariantCulture);
                computedLabels[i] = computedNumbers[i].ToString("R", CultureInfo.InvariantCulture);
                _numberIndex.TryAdd(computedNumbers[i], i);
            }
            Labels = computedLabels;
            Numbers = computedNumbers;
            return;
        }
        IsNumeric = !IsReplicate && NumericTypes.Contains(axis.Type) && axis.Values.All(v => v.ValueKind == JsonValueKind.Number);
        IsCategorical = !IsReplicate && !IsNumeric;
        var labels = new string[axis.Values.Count];
        var numbers = new double[axis.Values.Count];
        for (var i = 0; i < axis.Values.Count; i++)
        {
            var value = axis.Values[i];
            labels[i] = Label(value);
            if (value.ValueKind == JsonValueKind.Number)
            {
                numbers[i] = value.GetDouble();
                _numberIndex.TryAdd(numbers[i], i);
            }
            else
            {
                numbers[i] = i;
                _textIndex.TryAdd(labels[i], i);
            }
        }
        Labels = labels;
        Numbers = numbers;
    }

    public string Name { get; }

    /// <summary>The parameter's type as the manifest names it (<c>double</c>, <c>Samples.Coefficients</c>).</summary>
    public string Type { get; }

    /// <summary>Where the axis is in the experiment's declaration order.</summary>
    public int Position { get; }

    public bool IsReplicate { get; }

    public bool IsNumeric { get; }

    public bool IsCategorical { get; }

    public int Count => Labels.Count;

    /// <summary>Each value as the key writes it (<c>0.5</c>, <c>Gaussian</c>, <c>true</c>).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Each value as a number (numeric axes), else its position.</summary>
    public IReadOnlyList<double> Numbers { get; }

    /// <summary>The position of a point's value on this axis, or -1 when the axis does not hold it (a stale point).</summary>
    public int IndexOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => _numberIndex.GetValueOrDefault(value.GetDouble(), -1),
        JsonValueKind.String or JsonValueKind.True or JsonValueKind.False => _textIndex.GetValueOrDefault(Label(value), -1),
        _ => -1,
    };

    /// <summary>The position of a value given as a point key writes it (<c>0.5</c>, <c>Gaussian</c>), or -1.</summary>
    public int IndexOfText(string text)
    {
        if (IsNumeric || _textIndex.Count == 0)
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? _numberIndex.GetValueOrDefault(number, -1) : -1;
        return _textIndex.GetValueOrDefault(text, -1);
    }

    private static string Label(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    public override string ToString() => Name;
}
