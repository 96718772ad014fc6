using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Experiments.Generator.Model;

namespace Experiments.Generator.Emitting;

/// <summary>
/// Emits one experiment's GeneratedExperiment subclass: a typed value array per listed axis (a progression — start, step,
/// count — per range or replicates axis), the descriptor, and a dispatcher that decodes a point index by mixed radix
/// (last axis fastest), calls the method with typed arguments and writes the result. Its size grows with the number of
/// axes and of listed values, never with the number of points or the length of a range.
/// </summary>
internal static class ExperimentClassEmitter
{
    private const string Registry = "global::Experiments.Registry";
    private const string ValueTaskOfString = "global::System.Threading.Tasks.ValueTask<string?>";
    private const int ValuesPerLine = 16;

    public static string Emit(ExperimentSpec spec, string className, ResultWritersEmitter writers)
    {
        var w = new SourceWriter().Header();
        w.Open("namespace Experiments.Generated");
        w.Line($"/// <summary>Runs the points of experiment <c>{XmlText(spec.Name)}</c> ({XmlText(spec.TypeName)}.{XmlText(spec.MethodName)}).</summary>");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Open($"internal sealed class {className} : {Registry}.GeneratedExperiment");
        for (var a = 0; a < spec.Axes.Count; a++)
            WriteAxisArrays(w, spec.Axes[a], a);
        WriteDescriptor(w, spec);
        w.Line();
        w.Line($"public {className}()");
        w.Line("    : base(Experiment)");
        w.Open();
        w.Close();
        w.Line();
        WriteInvoke(w, spec);
        if (spec.Axes.Any(a => a.Progression is null))
        {
            w.Line();
            w.Line("private static object[] Box<T>(T[] values) => global::System.Array.ConvertAll(values, value => (object)value!);");
        }
        if (spec.ReturnKind.HasResult())
        {
            w.Line();
            WriteSerialize(w, spec, writers);
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void WriteAxisArrays(SourceWriter w, AxisSpec axis, int index)
    {
        if (axis.Progression is { } progression)
        {
            w.Line($"/// <summary>The values of axis <c>{XmlText(axis.Name)}</c>: value k is start + k·step, computed from k.</summary>");
            w.Line($"private static readonly {Registry}.AxisProgression Progression{index} = new {Registry}.AxisProgression(" +
                   $"{progression.StartText}M, {progression.StepText}M, {Int(progression.Count)});");
            w.Line();
            return;
        }
        w.Line($"/// <summary>The values of axis <c>{XmlText(axis.Name)}</c>, in order.</summary>");
        WriteArray(w, axis.TypeSyntax, "Values" + index, axis.ValueTexts.Select(t => CSharpLiterals.Of(axis, t)).ToList());
        if (axis.Scalar != ScalarKind.String)
            WriteArray(w, "string", "Texts" + index, axis.ValueTexts.Select(CSharpLiterals.String).ToList());
        w.Line();
    }

    private static void WriteArray(SourceWriter w, string elementType, string name, IReadOnlyList<string> literals)
    {
        w.Line($"private static readonly {elementType}[] {name} = new {elementType}[]");
        w.Open();
        for (var i = 0; i < literals.Count; i += ValuesPerLine)
            w.Line(string.Join(", ", literals.Skip(i).Take(ValuesPerLine)) + ",");
        w.Close("};");
    }

    private static void WriteDescriptor(SourceWriter w, ExperimentSpec spec)
    {
        var r = spec.Resources;
        w.Line($"private static readonly {Registry}.ExperimentDescriptor Experiment = new {Registry}.ExperimentDescriptor(");
        w.Line($"    {CSharpLiterals.String(spec.Name)},");
        w.Line($"    {CSharpLiterals.String(spec.TypeName)},");
        w.Line($"    {CSharpLiterals.String(spec.MethodName)},");
        w.Line($"    {CSharpLiterals.String(spec.SourceFile)},");
        w.Line($"    new {Registry}.AxisDescriptor[]");
        w.Line("    {");
        for (var a = 0; a < spec.Axes.Count; a++)
        {
            var axis = spec.Axes[a];
            if (axis.Progression is not null)
            {
                w.Line($"        {Registry}.AxisDescriptor.Arithmetic({CSharpLiterals.String(axis.Name)}, {CSharpLiterals.String(axis.ManifestType)}, " +
                       $"{Registry}.AxisKind.{KindName(axis.Source)}, Progression{a}),");
                continue;
            }
            var texts = axis.Scalar == ScalarKind.String ? "Values" + a : "Texts" + a;
            w.Line($"        new {Registry}.AxisDescriptor({CSharpLiterals.String(axis.Name)}, {CSharpLiterals.String(axis.ManifestType)}, " +
                   $"{Registry}.AxisKind.{KindName(axis.Source)}, Box(Values{a}), {texts}),");
        }
        w.Line("    },");
        w.Line($"    {Long(spec.PointCount)},");
        w.Line($"    {CSharpLiterals.String(GridHash.Of(spec.Axes))},");
        var timeout = r.TimeoutTicks is { } ticks ? $"global::System.TimeSpan.FromTicks({Long(ticks)})" : "null";
        var memory = r.Memory is null ? "null" : CSharpLiterals.String(r.Memory);
        var memoryBytes = r.MemoryBytes is { } bytes ? Long(bytes) : "null";
        w.Line($"    new {Registry}.ExperimentResources({timeout}, {Int(r.Retries)}, {Int(r.Cpus)}, {memory}, {memoryBytes}, {Int(r.Gpus)}),");
        w.Line($"    {(spec.Explicit ? "true" : "false")});");
    }

    private static void WriteInvoke(SourceWriter w, ExperimentSpec spec)
    {
        var awaits = spec.ReturnKind.IsAwaited() || spec.Disposal == InstanceDisposal.DisposeAsync;
        w.Line("/// <inheritdoc/>");
        w.Open($"public override {(awaits ? "async " : "")}{ValueTaskOfString} InvokeAsync(long pointIndex, global::Experiments.ExperimentContext context)");
        if (!awaits)
        {
            // Not async, yet every exception still travels in the returned task, as it would from an async method.
            w.Open("try");
        }
        w.Line("global::System.ArgumentNullException.ThrowIfNull(context);");
        WriteDecode(w, spec);
        var call = Call(spec);
        if (spec.IsStatic)
        {
            WriteCallAndReturn(w, spec, call, awaits);
        }
        else
        {
            w.Line($"var instance = new {spec.TypeSyntax}();");
            if (spec.Disposal == InstanceDisposal.None)
            {
                WriteCallAndReturn(w, spec, call, awaits);
            }
            else
            {
                w.Open("try");
                WriteCallAndReturn(w, spec, call, awaits);
                w.Close();
                w.Open("finally");
                w.Line(spec.Disposal == InstanceDisposal.Dispose
                    ? "((global::System.IDisposable)instance).Dispose();"
                    : "await ((global::System.IAsyncDisposable)instance).DisposeAsync().ConfigureAwait(false);");
                w.Close();
            }
        }
        if (!awaits)
        {
            w.Close();
            w.Open("catch (global::System.Exception exception)");
            w.Line($"return global::System.Threading.Tasks.ValueTask.FromException<string?>(exception);");
            w.Close();
        }
        w.Close();
    }

    private static void WriteDecode(SourceWriter w, ExperimentSpec spec)
    {
        var count = Long(spec.PointCount);
        w.Open($"if (pointIndex < 0L || pointIndex >= {count})");
        var points = spec.PointCount == 1 ? "1 point" : spec.PointCount.ToString(CultureInfo.InvariantCulture) + " points";
        w.Line($"throw new global::System.ArgumentOutOfRangeException(nameof(pointIndex), pointIndex, {CSharpLiterals.String($"{spec.Name} has {points}.")});");
        w.Close();
        if (spec.Axes.Count == 0)
            return;
        if (spec.Axes.Count == 1)
        {
            w.Line("var digit0 = (int)pointIndex;");
            return;
        }
        // Mixed radix, last axis fastest: the point order of nested loops over the axes in declaration order.
        w.Line("var remaining = pointIndex;");
        for (var a = spec.Axes.Count - 1; a > 0; a--)
        {
            var radix = Long(spec.Axes[a].Count);
            w.Line($"var digit{a} = (int)(remaining % {radix});");
            w.Line($"remaining /= {radix};");
        }
        w.Line("var digit0 = (int)remaining;");
    }

    private static string Call(ExperimentSpec spec)
    {
        var arguments = spec.Arguments.Select(a => a.Kind switch
        {
            ArgumentKind.Axis => AxisValue(spec.Axes[a.AxisIndex], a.AxisIndex),
            ArgumentKind.Context => "context",
            _ => "context.CancellationToken",
        });
        var target = spec.IsStatic ? spec.TypeSyntax : "instance";
        return $"{target}.{spec.MethodSyntax}({string.Join(", ", arguments)})";
    }

    /// <summary>The typed value of an axis at the point: an array element, or computed from a progression.</summary>
    private static string AxisValue(AxisSpec axis, int index)
    {
        if (axis.Progression is null)
            return $"Values{index}[digit{index}]";
        var method = axis.Scalar switch
        {
            ScalarKind.Int32 => "Int32At",
            ScalarKind.Int64 => "Int64At",
            ScalarKind.Decimal => "DecimalAt",
            _ => "DoubleAt",
        };
        return $"Progression{index}.{method}(digit{index})";
    }

    private static void WriteCallAndReturn(SourceWriter w, ExperimentSpec spec, string call, bool awaits)
    {
        var awaited = spec.ReturnKind.IsAwaited() ? $"await {call}.ConfigureAwait(false)" : call;
        if (!spec.ReturnKind.HasResult())
        {
            w.Line(awaited + ";");
            w.Line(awaits ? "return null;" : "return default;");
            return;
        }
        w.Line($"var result = {awaited};");
        w.Line(awaits ? "return Serialize(result);" : $"return new {ValueTaskOfString}(Serialize(result));");
    }

    private static void WriteSerialize(SourceWriter w, ExperimentSpec spec, ResultWritersEmitter writers)
    {
        var root = spec.ResultTypes.First(t => t.Id == spec.ResultTypeId);
        w.Line("/// <summary>The result as JSON, written by the generated writers (no reflection).</summary>");
        w.Open($"private static string Serialize({root.Id}{(root.IsReferenceType ? "?" : "")} value)");
        w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();");
        w.Line("using (var writer = new global::System.Text.Json.Utf8JsonWriter(buffer))");
        w.Open();
        w.Line(writers.Statement(root.Id, "value"));
        w.Close();
        w.Line("return global::System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);");
        w.Close();
    }

    private static string KindName(AxisSource source) => source switch
    {
        AxisSource.Grid => "Grid",
        AxisSource.Range => "Range",
        AxisSource.Replicates => "Replicates",
        _ => "AllValues",
    };

    private static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string XmlText(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
