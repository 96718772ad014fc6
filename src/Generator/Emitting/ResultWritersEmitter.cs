using System;
using System.Collections.Generic;
using System.Linq;
using Experiments.Generator.Model;

namespace Experiments.Generator.Emitting;

/// <summary>
/// Emits <c>ExperimentsResultWriters</c>: one Utf8JsonWriter method per result type of every experiment (shared when
/// experiments return the same types), written the way System.Text.Json writes them by default, except that enums are
/// names and non-finite floating-point numbers are the strings "NaN", "Infinity" and "-Infinity". No reflection,
/// except through the JsonSerializer fallback for types that can only be known at run time.
/// </summary>
internal sealed class ResultWritersEmitter
{
    public const string ClassName = "ExperimentsResultWriters";
    private const string Qualified = "global::Experiments.Generated." + ClassName;
    private const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";

    private readonly Dictionary<string, ResultTypeSpec> _types = new(StringComparer.Ordinal);
    private readonly List<ResultTypeSpec> _methods = new();
    private readonly Dictionary<string, string> _methodNames = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _helpers = new(StringComparer.Ordinal);

    public ResultWritersEmitter(IEnumerable<ExperimentSpec> experiments)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in experiments.SelectMany(e => e.ResultTypes))
        {
            if (_types.ContainsKey(type.Id))
                continue;
            _types[type.Id] = type;
            if (type.Shape == ResultShape.Primitive)
                continue;
            var name = "Write" + type.FriendlyName;
            var unique = name;
            for (var n = 2; !taken.Add(unique); n++)
                unique = name + n;
            _methodNames[type.Id] = unique;
            _methods.Add(type);
        }
    }

    /// <summary>The statement that writes <paramref name="expression"/> (of type <paramref name="typeId"/>) to <c>writer</c>.</summary>
    public string Statement(string typeId, string expression, bool fromOutside = true)
    {
        var prefix = fromOutside ? Qualified + "." : "";
        var type = _types[typeId];
        if (type.Shape != ResultShape.Primitive)
            return $"{prefix}{_methodNames[typeId]}(writer, {expression});";
        switch (type.Primitive)
        {
            case PrimitiveKind.Bool:
                return $"writer.WriteBooleanValue({expression});";
            case PrimitiveKind.Byte or PrimitiveKind.SByte or PrimitiveKind.Int16 or PrimitiveKind.UInt16:
                return $"writer.WriteNumberValue((int){expression});";
            case PrimitiveKind.Int32 or PrimitiveKind.UInt32 or PrimitiveKind.Int64 or PrimitiveKind.UInt64 or PrimitiveKind.Decimal:
                return $"writer.WriteNumberValue({expression});";
            case PrimitiveKind.Int128 or PrimitiveKind.UInt128:
                return $"writer.WriteRawValue({expression}.ToString(null, {Invariant}));";
            case PrimitiveKind.Char:
                return $"writer.WriteStringValue({expression}.ToString());";
            case PrimitiveKind.String or PrimitiveKind.DateTime or PrimitiveKind.DateTimeOffset or PrimitiveKind.Guid:
                return $"writer.WriteStringValue({expression});";
            case PrimitiveKind.DateOnly:
                return $"writer.WriteStringValue({expression}.ToString(\"O\", {Invariant}));";
            case PrimitiveKind.TimeOnly:
                return $"writer.WriteStringValue({expression}.ToTimeSpan().ToString(\"c\", {Invariant}));";
            case PrimitiveKind.TimeSpan:
                return $"writer.WriteStringValue({expression}.ToString(\"c\", {Invariant}));";
            default:
                // Single, Double, Half, Uri, Version: a helper evaluates the value once and handles its special cases.
                var helper = "Write" + type.Primitive;
                _helpers.Add(helper);
                return $"{prefix}{helper}(writer, {expression});";
        }
    }

    /// <summary>The file's source, or null when no experiment needs a writer method or helper. Call after every
    /// <see cref="Statement"/> of the experiment classes, which can add helpers.</summary>
    public string? Emit()
    {
        // A first pass over the bodies discovers which helpers they call.
        foreach (var type in _methods)
            WriteMethod(new SourceWriter(), type);
        if (_methods.Count == 0 && _helpers.Count == 0)
            return null;

        var w = new SourceWriter().Header();
        w.Open("namespace Experiments.Generated");
        w.Line("/// <summary>Writes experiment results as JSON, one method per result type.</summary>");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Open($"internal static class {ClassName}");
        var first = true;
        foreach (var type in _methods)
        {
            if (!first)
                w.Line();
            first = false;
            WriteMethod(w, type);
        }
        foreach (var helper in _helpers.ToList())
        {
            if (!first)
                w.Line();
            first = false;
            WriteHelper(w, helper);
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    private void WriteMethod(SourceWriter w, ResultTypeSpec type)
    {
        var parameterType = type.Id + (type.IsReferenceType ? "?" : "");
        w.Open($"internal static void {_methodNames[type.Id]}(global::System.Text.Json.Utf8JsonWriter writer, {parameterType} value)");
        if (type.IsReferenceType || type.Shape == ResultShape.Nullable)
        {
            w.Open("if (value is null)");
            w.Line("writer.WriteNullValue();");
            w.Line("return;");
            w.Close();
        }
        switch (type.Shape)
        {
            case ResultShape.Nullable:
                w.Line(Statement(type.ElementTypeId!, "value.GetValueOrDefault()", fromOutside: false));
                break;
            case ResultShape.Enum:
                WriteEnum(w, type);
                break;
            case ResultShape.Sequence:
                w.Line("writer.WriteStartArray();");
                w.Open($"foreach (var item in {Enumerable(type)})");
                w.Line(Statement(type.ElementTypeId!, "item", fromOutside: false));
                w.Close();
                w.Line("writer.WriteEndArray();");
                break;
            case ResultShape.Dictionary:
                w.Line("writer.WriteStartObject();");
                w.Open($"foreach (var pair in {Enumerable(type)})");
                w.Line($"writer.WritePropertyName({KeyText(_types[type.KeyTypeId!], "pair.Key")});");
                w.Line(Statement(type.ElementTypeId!, "pair.Value", fromOutside: false));
                w.Close();
                w.Line("writer.WriteEndObject();");
                break;
            case ResultShape.Object:
                w.Line("writer.WriteStartObject();");
                foreach (var property in type.Properties)
                {
                    w.Line($"writer.WritePropertyName({CSharpLiterals.String(property.JsonName)});");
                    w.Line(Statement(property.TypeId, "value." + property.MemberName, fromOutside: false));
                }
                w.Line("writer.WriteEndObject();");
                break;
            default:
                _helpers.Add("SerializerOptions");
                w.Line("// Known only at run time: System.Text.Json writes it by reflection (reported as warning EXP060).");
                w.Line("global::System.Text.Json.JsonSerializer.Serialize<object?>(writer, value, SerializerOptions);");
                break;
        }
        w.Close();
    }

    private static string Enumerable(ResultTypeSpec type) => type.EnumerateAs is null ? "value" : $"({type.EnumerateAs})value";

    private static void WriteEnum(SourceWriter w, ResultTypeSpec type)
    {
        w.Open("switch (value)");
        foreach (var member in type.EnumMembers)
        {
            w.Line($"case {type.Id}.{Parsing.TypeNames.Identifier(member)}:");
            w.Line($"    writer.WriteStringValue({CSharpLiterals.String(member)});");
            w.Line("    break;");
        }
        w.Line("default:");
        w.Line("    // Flag combinations and undeclared values: \"A, B\" or the number, as Enum.ToString gives them.");
        w.Line("    writer.WriteStringValue(value.ToString());");
        w.Line("    break;");
        w.Close();
    }

    private static string KeyText(ResultTypeSpec key, string expression) => key.Primitive switch
    {
        PrimitiveKind.String => expression,
        PrimitiveKind.Bool => $"{expression} ? \"true\" : \"false\"",
        PrimitiveKind.Single or PrimitiveKind.Double => $"{expression}.ToString(\"R\", {Invariant})",
        PrimitiveKind.Char or PrimitiveKind.Guid or PrimitiveKind.None => $"{expression}.ToString()",
        _ => $"{expression}.ToString({Invariant})",
    };

    private static void WriteHelper(SourceWriter w, string helper)
    {
        switch (helper)
        {
            case "SerializerOptions":
                w.Line("/// <summary>For the reflection fallback: the same naming and number rules as the generated writers.</summary>");
                w.Line("private static readonly global::System.Text.Json.JsonSerializerOptions SerializerOptions = new global::System.Text.Json.JsonSerializerOptions");
                w.Open();
                w.Line("PropertyNamingPolicy = global::System.Text.Json.JsonNamingPolicy.CamelCase,");
                w.Line("NumberHandling = global::System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,");
                w.Line("Converters = { new global::System.Text.Json.Serialization.JsonStringEnumConverter() },");
                w.Close("};");
                break;
            case "WriteDouble":
            case "WriteSingle":
            case "WriteHalf":
                var type = helper == "WriteDouble" ? "double" : helper == "WriteSingle" ? "float" : "global::System.Half";
                w.Line("/// <summary>JSON has no NaN or infinities: they are written as the strings System.Text.Json uses for them.</summary>");
                w.Open($"internal static void {helper}(global::System.Text.Json.Utf8JsonWriter writer, {type} value)");
                if (helper == "WriteHalf")
                    w.Line($"if ({type}.IsFinite(value)) writer.WriteRawValue(value.ToString({Invariant}));");
                else
                    w.Line($"if ({type}.IsFinite(value)) writer.WriteNumberValue(value);");
                w.Line($"else if ({type}.IsNaN(value)) writer.WriteStringValue(\"NaN\");");
                w.Line($"else writer.WriteStringValue({type}.IsPositiveInfinity(value) ? \"Infinity\" : \"-Infinity\");");
                w.Close();
                break;
            case "WriteUri":
                w.Open("internal static void WriteUri(global::System.Text.Json.Utf8JsonWriter writer, global::System.Uri? value)");
                w.Line("if (value is null) writer.WriteNullValue();");
                w.Line("else writer.WriteStringValue(value.OriginalString);");
                w.Close();
                break;
            case "WriteVersion":
                w.Open("internal static void WriteVersion(global::System.Text.Json.Utf8JsonWriter writer, global::System.Version? value)");
                w.Line("if (value is null) writer.WriteNullValue();");
                w.Line("else writer.WriteStringValue(value.ToString());");
                w.Close();
                break;
        }
    }
}
