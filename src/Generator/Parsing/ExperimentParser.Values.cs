using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Experiments.Generator.Diagnostics;
using Experiments.Generator.Model;
using Experiments.Points;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Experiments.Generator.Parsing;

internal sealed partial class ExperimentParser
{
    private List<string>? GridValues(IParameterSymbol parameter, ScalarKind scalar, AttributeData grid, AttributeLocations locations)
    {
        if (grid.ConstructorArguments.Length != 1)
        {
            _failed = true;
            return null;
        }
        var values = grid.ConstructorArguments[0];
        if (values.Kind != TypedConstantKind.Array || values.IsNull)
        {
            // [Grid(null)] binds null to the params array itself.
            Report(DiagnosticDescriptors.GridValueNotConstant, locations.ParamsElement(0, 1), "null", parameter.Name,
                "null is not an axis value; list constants of the parameter's type");
            return null;
        }
        if (values.Values.IsEmpty)
        {
            Report(DiagnosticDescriptors.GridEmpty, locations.Attribute, parameter.Name);
            return null;
        }
        if (values.Values.Length > MaxAxisValues)
        {
            Report(DiagnosticDescriptors.AxisTooLarge, locations.Attribute, parameter.Name, values.Values.Length.ToString("N0", CultureInfo.InvariantCulture), MaxAxisValues);
            return null;
        }

        var texts = new List<string>(values.Values.Length);
        var firstByText = new Dictionary<string, string>();
        var ok = true;
        for (var i = 0; i < values.Values.Length; i++)
        {
            var value = values.Values[i];
            var location = locations.ParamsElement(i, values.Values.Length);
            var display = AttributeLocations.TextAt(location, value.IsNull ? "null" : value.ToCSharpString());
            var text = GridValueText(parameter, scalar, value, location, display);
            if (text is null)
            {
                ok = false;
                continue;
            }
            if (firstByText.ContainsKey(text))
            {
                Report(DiagnosticDescriptors.GridDuplicateValue, location, display, parameter.Name, text);
                ok = false;
                continue;
            }
            firstByText[text] = display;
            texts.Add(text);
        }
        return ok ? texts : null;
    }

    /// <summary>The canonical text of one grid value converted to the parameter's type, or null after reporting why not.</summary>
    private string? GridValueText(IParameterSymbol parameter, ScalarKind scalar, TypedConstant value, Location location, string display)
    {
        var typeDisplay = parameter.Type.ToDisplayString();
        switch (value.Kind)
        {
            case TypedConstantKind.Error:
                _failed = true;
                return null;
            case TypedConstantKind.Array:
                Report(DiagnosticDescriptors.GridValueNotConstant, location, display, parameter.Name,
                    "an array is not an axis value; list the values as separate arguments, like [Grid(1, 2, 3)]");
                return null;
            case TypedConstantKind.Type:
                Report(DiagnosticDescriptors.GridValueNotConstant, location, display, parameter.Name, "a type is not an axis value");
                return null;
        }
        if (value.IsNull || value.Value is null)
        {
            Report(DiagnosticDescriptors.GridValueNotConstant, location, display, parameter.Name,
                "null is not an axis value; list constants of the parameter's type");
            return null;
        }

        var valueType = value.Type?.ToDisplayString() ?? "unknown";
        if (scalar == ScalarKind.Enum)
        {
            if (value.Kind != TypedConstantKind.Enum || !SymbolEqualityComparer.Default.Equals(value.Type, parameter.Type))
            {
                var example = EnumMembers.Of(parameter.Type).FirstOrDefault() is { } first ? $"{parameter.Type.Name}.{first.Name}" : parameter.Type.Name + ".Member";
                Report(DiagnosticDescriptors.GridValueNotConvertible, location, display, valueType, parameter.Name, typeDisplay,
                    $"write a member of {parameter.Type.Name}, like {example}");
                return null;
            }
            var member = EnumMembers.WithValue(parameter.Type, value.Value);
            if (member is null)
            {
                var names = string.Join(", ", EnumMembers.Of(parameter.Type).Select(m => m.Name));
                Report(DiagnosticDescriptors.EnumValueNotDeclared, location, display, parameter.Name, typeDisplay, names);
                return null;
            }
            return member.Name;
        }

        if (value.Kind == TypedConstantKind.Enum)
        {
            Report(DiagnosticDescriptors.GridValueNotConvertible, location, display, valueType, parameter.Name, typeDisplay,
                "an enum member is not a " + typeDisplay);
            return null;
        }
        if (value.Value is double d && (double.IsNaN(d) || double.IsInfinity(d))
            || value.Value is float f && (float.IsNaN(f) || float.IsInfinity(f)))
        {
            Report(DiagnosticDescriptors.GridValueNotFinite, location, display, parameter.Name);
            return null;
        }
        if (!ConstantConversion.TryConvert(value.Value, value.Type?.SpecialType ?? SpecialType.None, scalar, out var converted, out var reason))
        {
            Report(DiagnosticDescriptors.GridValueNotConvertible, location, display, valueType, parameter.Name, typeDisplay, reason);
            return null;
        }
        return PointKeyText.Format(converted);
    }

    private ProgressionSpec? RangeValues(IParameterSymbol parameter, ScalarKind scalar, AttributeData range, AttributeLocations locations)
    {
        var typeDisplay = parameter.Type.ToDisplayString();
        if (scalar is not (ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.Double or ScalarKind.Decimal))
        {
            Report(DiagnosticDescriptors.RangeUnsupportedType, locations.Attribute, parameter.Name, typeDisplay);
            return null;
        }
        var arguments = range.ConstructorArguments;
        if (arguments.Length != 3 || arguments.Any(a => a.Kind == TypedConstantKind.Error || a.Value is null))
        {
            _failed = true;
            return null;
        }

        var boundsType = arguments[0].Value switch { int => ScalarKind.Int32, long => ScalarKind.Int64, _ => ScalarKind.Double };
        var fits = scalar switch
        {
            ScalarKind.Int32 => boundsType == ScalarKind.Int32,
            ScalarKind.Int64 => boundsType is ScalarKind.Int32 or ScalarKind.Int64,
            _ => true,
        };
        if (!fits)
        {
            var example = scalar == ScalarKind.Int32 ? "int bounds, like [Range(0, 10, 1)]" : "long or int bounds, like [Range(0L, 10L, 1L)]";
            Report(DiagnosticDescriptors.RangeTypeMismatch, locations.Attribute, parameter.Name, typeDisplay, ScalarTypes.Keyword(boundsType), example);
            return null;
        }

        string[] roles = { "start", "stop", "step" };
        var bounds = new decimal[3];
        var ok = true;
        for (var i = 0; i < 3; i++)
        {
            var location = locations.Constructor(i, roles[i]);
            var raw = arguments[i].Value!;
            if (raw is double d && (double.IsNaN(d) || double.IsInfinity(d)))
            {
                Report(DiagnosticDescriptors.RangeNotFinite, location, roles[i], parameter.Name, PointKeyText.FormatNumber(d));
                ok = false;
                continue;
            }
            if (raw is double)
            {
                if (!ConstantConversion.TryDecimalFromFloatingPoint(raw, out var exact, out var why))
                {
                    Report(DiagnosticDescriptors.RangeOutOfRange, location, parameter.Name, $"{roles[i]} {PointKeyText.FormatNumber(raw)}: {why}");
                    ok = false;
                    continue;
                }
                bounds[i] = (decimal)exact;
            }
            else
            {
                bounds[i] = ConstantConversion.AsDecimal(raw);
            }
        }
        if (!ok)
            return null;

        var (start, stop, step) = (bounds[0], bounds[1], bounds[2]);
        var problem = RangeExpansion.TryCount(start, stop, step, MaxAxisValues, out var count);
        switch (problem)
        {
            case RangeProblem.StepZero:
                Report(DiagnosticDescriptors.RangeStepZero, locations.Constructor(2, "step"), parameter.Name);
                return null;
            case RangeProblem.WrongDirection:
                Report(DiagnosticDescriptors.RangeWrongDirection, locations.Constructor(2, "step"), parameter.Name,
                    Text(start), Text(stop), Text(step), stop > start ? "positive" : "negative");
                return null;
            case RangeProblem.TooManyValues:
                Report(DiagnosticDescriptors.AxisTooLarge, locations.Attribute, parameter.Name, count.ToString("N0", CultureInfo.InvariantCulture), MaxAxisValues);
                return null;
            case RangeProblem.Overflow:
                Report(DiagnosticDescriptors.RangeOutOfRange, locations.Attribute, parameter.Name, "its values overflow decimal");
                return null;
        }
        var progression = new ProgressionSpec(PointKeyText.Normalize(start), PointKeyText.Normalize(step), (int)count);
        if (scalar == ScalarKind.Double && !DistinctAsDoubles(progression))
        {
            Report(DiagnosticDescriptors.RangeOutOfRange, locations.Attribute, parameter.Name, DuplicateDoubleReason(progression));
            return null;
        }
        return progression;
    }

    /// <summary>
    /// Whether a double range's values are distinct doubles. Rounding moves a value by at most half a unit in the last
    /// place, which is at most |value|·2⁻⁵³; neighbours a step apart stay apart when the step exceeds twice that at the
    /// range's largest magnitude (checked with a further factor of two to spare). Only a range whose step is near
    /// double's resolution has its values listed to look for the pair.
    /// </summary>
    private static bool DistinctAsDoubles(ProgressionSpec range)
    {
        var last = range.Start + (range.Count - 1) * range.Step;
        var largest = System.Math.Max(System.Math.Abs((double)range.Start), System.Math.Abs((double)last));
        if ((double)System.Math.Abs(range.Step) > largest * System.Math.Pow(2, -51))
            return true;
        return DuplicateDouble(range) is null;
    }

    private static string DuplicateDoubleReason(ProgressionSpec range) =>
        $"two of its values are the same double, {DuplicateDouble(range)}; the step is below double's precision there";

    /// <summary>The text of a double that two of the range's values round to, or null when there is none.</summary>
    private static string? DuplicateDouble(ProgressionSpec range)
    {
        var seen = new HashSet<string>();
        for (var k = 0; k < range.Count; k++)
        {
            var text = PointKeyText.FormatNumber(double.Parse(Text(range.Start + k * range.Step), NumberStyles.Float, CultureInfo.InvariantCulture));
            if (!seen.Add(text))
                return text;
        }
        return null;
    }

    private ProgressionSpec? ReplicateValues(IParameterSymbol parameter, ScalarKind scalar, AttributeData replicates, AttributeLocations locations)
    {
        if (scalar != ScalarKind.Int32)
        {
            Report(DiagnosticDescriptors.ReplicatesNotInt, locations.Attribute, parameter.Name, parameter.Type.ToDisplayString());
            return null;
        }
        if (replicates.ConstructorArguments.Length != 1 || replicates.ConstructorArguments[0].Value is not int count)
        {
            _failed = true;
            return null;
        }
        if (count < 1)
        {
            Report(DiagnosticDescriptors.ReplicatesNotPositive, locations.Constructor(0, "count"), count.ToString(CultureInfo.InvariantCulture), parameter.Name);
            return null;
        }
        if (count > MaxAxisValues)
        {
            Report(DiagnosticDescriptors.AxisTooLarge, locations.Constructor(0, "count"), parameter.Name, count.ToString("N0", CultureInfo.InvariantCulture), MaxAxisValues);
            return null;
        }
        return new ProgressionSpec(0m, 1m, count);
    }

    private static string Text(decimal value) => PointKeyText.FormatNumber(value);
}
