using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Experiments.Generator.Tests.Infrastructure;

/// <summary>
/// Checks a diagnostic against source marked up with <c>[|…|]</c> around the exact text it must point at: its id, its
/// message, and its location (span and line/column), and that the experiment with the error generated nothing.
/// </summary>
internal static class DiagnosticAssert
{
    /// <summary>A class around one experiment method, with the usings and types the samples use.</summary>
    public static string InClass(string members) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Experiments;

        namespace Samples;

        public enum Solver { Omp, Ista }

        public class Study
        {
        {{members}}
        }
        """;

    public static Diagnostic Single(string markup, string id, string message, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        var (source, spans) = Parse(markup);
        var output = GeneratorHarness.Run(source, buildProperties);
        Assert.True(output.Diagnostics.Length == 1, string.Join("\n", output.Diagnostics));
        var diagnostic = output.Diagnostics[0];
        Check(diagnostic, source, spans.Single(), id, message);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
            Assert.DoesNotContain(output.Sources.Keys, k => k.EndsWith(".Experiment.g.cs", StringComparison.Ordinal));
        return diagnostic;
    }

    public static void Check(Diagnostic diagnostic, string source, TextSpan expected, string id, string message)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        var actualText = source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.True(expected == diagnostic.Location.SourceSpan,
            $"Expected the diagnostic at `{source.Substring(expected.Start, expected.Length)}` {expected}, but it is at `{actualText}` {diagnostic.Location.SourceSpan}.");
        var text = SourceText.From(source);
        Assert.Equal(text.Lines.GetLinePositionSpan(expected), diagnostic.Location.GetLineSpan().Span);
        Assert.Equal(GeneratorHarness.ProjectDir + "Experiment.cs", diagnostic.Location.SourceTree?.FilePath);
    }

    /// <summary>The source without markup and the marked spans, in order.</summary>
    public static (string Source, IReadOnlyList<TextSpan> Spans) Parse(string markup)
    {
        var source = new System.Text.StringBuilder();
        var spans = new List<TextSpan>();
        var i = 0;
        while (i < markup.Length)
        {
            var open = markup.IndexOf("[|", i, StringComparison.Ordinal);
            if (open < 0)
            {
                source.Append(markup, i, markup.Length - i);
                break;
            }
            var close = markup.IndexOf("|]", open, StringComparison.Ordinal);
            source.Append(markup, i, open - i);
            var start = source.Length;
            source.Append(markup, open + 2, close - open - 2);
            spans.Add(TextSpan.FromBounds(start, source.Length));
            i = close + 2;
        }
        return (source.ToString(), spans);
    }
}
