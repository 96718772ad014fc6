using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>The types the parser compares against, resolved once per compilation. Any may be null when not referenced.</summary>
internal sealed class KnownTypeSymbols
{
    public const string ExperimentAttributeName = "Experiments.ExperimentAttribute";

    public KnownTypeSymbols(Compilation compilation)
    {
        Compilation = compilation;
        GridAttribute = compilation.GetTypeByMetadataName("Experiments.GridAttribute");
        RangeAttribute = compilation.GetTypeByMetadataName("Experiments.RangeAttribute");
        ReplicatesAttribute = compilation.GetTypeByMetadataName("Experiments.ReplicatesAttribute");
        ExperimentContext = compilation.GetTypeByMetadataName("Experiments.ExperimentContext");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        IEnumerableOfT = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        IDictionaryOfTKeyTValue = compilation.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
        IReadOnlyDictionaryOfTKeyTValue = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
        IAsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        IDisposable = compilation.GetSpecialType(SpecialType.System_IDisposable);
        IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        DateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
        TimeOnly = compilation.GetTypeByMetadataName("System.TimeOnly");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        Half = compilation.GetTypeByMetadataName("System.Half");
        Int128 = compilation.GetTypeByMetadataName("System.Int128");
        UInt128 = compilation.GetTypeByMetadataName("System.UInt128");
        Uri = compilation.GetTypeByMetadataName("System.Uri");
        Version = compilation.GetTypeByMetadataName("System.Version");
        Type = compilation.GetTypeByMetadataName("System.Type");
        JsonPropertyNameAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonPropertyNameAttribute");
        JsonIgnoreAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIgnoreAttribute");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol? GridAttribute { get; }
    public INamedTypeSymbol? RangeAttribute { get; }
    public INamedTypeSymbol? ReplicatesAttribute { get; }
    public INamedTypeSymbol? ExperimentContext { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol IEnumerableOfT { get; }
    public INamedTypeSymbol? IDictionaryOfTKeyTValue { get; }
    public INamedTypeSymbol? IReadOnlyDictionaryOfTKeyTValue { get; }
    public INamedTypeSymbol? IAsyncEnumerableOfT { get; }
    public INamedTypeSymbol IDisposable { get; }
    public INamedTypeSymbol? IAsyncDisposable { get; }
    public INamedTypeSymbol? DateTimeOffset { get; }
    public INamedTypeSymbol? DateOnly { get; }
    public INamedTypeSymbol? TimeOnly { get; }
    public INamedTypeSymbol? TimeSpan { get; }
    public INamedTypeSymbol? Guid { get; }
    public INamedTypeSymbol? Half { get; }
    public INamedTypeSymbol? Int128 { get; }
    public INamedTypeSymbol? UInt128 { get; }
    public INamedTypeSymbol? Uri { get; }
    public INamedTypeSymbol? Version { get; }
    public INamedTypeSymbol? Type { get; }
    public INamedTypeSymbol? JsonPropertyNameAttribute { get; }
    public INamedTypeSymbol? JsonIgnoreAttribute { get; }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);

    public static bool IsConstructedFrom(ITypeSymbol? type, INamedTypeSymbol? genericDefinition) =>
        genericDefinition is not null && type is INamedTypeSymbol { IsGenericType: true } named
        && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, genericDefinition);
}
