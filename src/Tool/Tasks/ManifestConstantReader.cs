using System;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Experiments.Tasks;

/// <summary>
/// Reads the manifest the generator compiled into an assembly (<c>Experiments.Generated.ExperimentsManifest.Json</c>)
/// straight from its metadata. The assembly is never loaded: user code does not run at build time, and the file is
/// not locked by the build process.
/// </summary>
internal static class ManifestConstantReader
{
    public const string Namespace = "Experiments.Generated";
    public const string TypeName = "ExperimentsManifest";
    public const string FieldName = "Json";

    /// <summary>The manifest text, or null when the assembly has no experiments (no such constant).</summary>
    /// <exception cref="InvalidDataException">The file is not a .NET assembly, or the field is not a string constant.</exception>
    public static string? Read(string assemblyPath)
    {
        using var stream = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        // Prefetch so the file is read once and closed; the reader then works on memory, not a mapped file.
        using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
        MetadataReader metadata;
        try
        {
            if (!pe.HasMetadata)
                throw new InvalidDataException($"'{assemblyPath}' is not a .NET assembly (it has no metadata).");
            metadata = pe.GetMetadataReader();
        }
        catch (BadImageFormatException e)
        {
            throw new InvalidDataException($"'{assemblyPath}' is not a .NET assembly: {e.Message}", e);
        }

        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(typeHandle);
            if (!metadata.StringComparer.Equals(type.Name, TypeName)
                || !metadata.StringComparer.Equals(type.Namespace, Namespace)
                || !type.GetDeclaringType().IsNil)
            {
                continue;
            }
            foreach (var fieldHandle in type.GetFields())
            {
                var field = metadata.GetFieldDefinition(fieldHandle);
                if (metadata.StringComparer.Equals(field.Name, FieldName))
                    return ReadStringConstant(metadata, field, assemblyPath);
            }
        }
        return null;
    }

    private static string ReadStringConstant(MetadataReader metadata, FieldDefinition field, string assemblyPath)
    {
        var constantHandle = field.GetDefaultValue();
        if (constantHandle.IsNil)
            throw NotAStringConstant(assemblyPath);
        var constant = metadata.GetConstant(constantHandle);
        if (constant.TypeCode != ConstantTypeCode.String)
            throw NotAStringConstant(assemblyPath);
        var blob = metadata.GetBlobReader(constant.Value);
        return blob.ReadUTF16(blob.Length);
    }

    private static InvalidDataException NotAStringConstant(string assemblyPath) => new(
        $"'{assemblyPath}' declares {Namespace}.{TypeName}.{FieldName} but not as a non-null string constant; "
        + "that type is reserved for the Experiments generator. Rename your own type of that name.");
}
