using Experiments.Packaging.Tests.Support;
using Experiments.Tasks;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.Tasks;

public sealed class WriteExperimentsManifestTests : IDisposable
{
    private const string ManifestJson = """{"schema":1,"generator":"0.1.0","assembly":"Sample","experiments":[]}""";

    private readonly TempDirectory _temp = new("manifest-task");
    private readonly RecordingBuildEngine _engine = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Writes_the_manifest_constant_of_the_assembly()
    {
        var assembly = Compile("WithManifest", TestAssemblies.ManifestClass(ManifestJson));

        var task = Run(assembly);

        Assert.True(task.HasExperiments);
        Assert.True(task.Written);
        Assert.Equal(ManifestJson, File.ReadAllText(ManifestPath));
        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void Keeps_text_that_needs_escaping_in_CSharp_exactly()
    {
        const string json = "{\"name\":\"Résumé \\\"quoted\\\" \\\\ back\",\n  \"emoji\":\"🧪\",\"tab\":\"\t\"}";
        var assembly = Compile("Escapes", TestAssemblies.ManifestClass(json));

        Run(assembly);

        Assert.Equal(json, File.ReadAllText(ManifestPath));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(json), new FileInfo(ManifestPath).Length); // no BOM
    }

    [Fact]
    public void Leaves_an_unchanged_manifest_alone()
    {
        var assembly = Compile("Unchanged", TestAssemblies.ManifestClass(ManifestJson));
        Run(assembly);
        var earlier = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(ManifestPath, earlier);

        var task = Run(assembly);

        Assert.True(task.HasExperiments);
        Assert.False(task.Written);
        Assert.Equal(earlier, File.GetLastWriteTimeUtc(ManifestPath));
    }

    [Fact]
    public void Rewrites_a_manifest_whose_content_changed()
    {
        File.WriteAllText(ManifestPath, """{"schema":1,"experiments":["old"]}""");
        var assembly = Compile("Changed", TestAssemblies.ManifestClass(ManifestJson));

        var task = Run(assembly);

        Assert.True(task.Written);
        Assert.Equal(ManifestJson, File.ReadAllText(ManifestPath));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp")); // the temporary file of the atomic write is gone
    }

    [Fact]
    public void An_assembly_without_experiments_gets_no_manifest_and_no_error()
    {
        var assembly = Compile("Plain", "namespace Plain { public static class Numbers { public const string Json = \"not a manifest\"; } }");

        var task = Run(assembly);

        Assert.False(task.HasExperiments);
        Assert.False(File.Exists(ManifestPath));
        Assert.Empty(_engine.Errors);
        Assert.Empty(_engine.Warnings);
    }

    [Fact]
    public void A_manifest_left_from_a_build_that_had_experiments_is_removed()
    {
        File.WriteAllText(ManifestPath, ManifestJson);
        var assembly = Compile("NoLonger", "namespace Plain { public static class Nothing { } }");

        var task = Run(assembly);

        Assert.False(task.HasExperiments);
        Assert.False(File.Exists(ManifestPath));
    }

    [Fact]
    public void A_type_of_the_same_name_in_another_namespace_is_not_the_manifest()
    {
        var assembly = Compile("Elsewhere", """
            namespace Mine.Generated { internal static class ExperimentsManifest { public const string Json = "{}"; } }
            namespace Experiments { internal static class ExperimentsManifest { public const string Json = "{}"; } }
            """);

        var task = Run(assembly);

        Assert.False(task.HasExperiments);
        Assert.False(File.Exists(ManifestPath));
    }

    [Fact]
    public void A_manifest_field_that_is_not_a_constant_is_a_clear_error()
    {
        var assembly = Compile("NotConstant", """
            namespace Experiments.Generated { internal static class ExperimentsManifest { public static readonly string Json = "{}"; } }
            """);

        var task = Run(assembly, expectSuccess: false);

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("EXPB002", error.Code);
        Assert.Contains("Experiments.Generated.ExperimentsManifest.Json", error.Message);
        Assert.Contains("reserved for the Experiments generator", error.Message);
        Assert.False(task.HasExperiments);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_a_clear_error()
    {
        var notAnAssembly = _temp.Combine("notes.dll");
        File.WriteAllText(notAnAssembly, "just text, not a portable executable");

        Run(notAnAssembly, expectSuccess: false);

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("EXPB002", error.Code);
        Assert.Contains("notes.dll", error.Message);
        Assert.Contains("is not a .NET assembly", error.Message);
    }

    [Fact]
    public void A_missing_assembly_is_a_clear_error()
    {
        Run(_temp.Combine("missing.dll"), expectSuccess: false);

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("EXPB001", error.Code);
        Assert.Contains("missing.dll", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Creates_the_folder_of_the_manifest()
    {
        var assembly = Compile("Nested", TestAssemblies.ManifestClass(ManifestJson));
        var nested = _temp.Combine("bin", "release", "experiments.manifest.json");

        Run(assembly, manifestFile: nested);

        Assert.Equal(ManifestJson, File.ReadAllText(nested));
    }

    private string ManifestPath => _temp.Combine("experiments.manifest.json");

    private string Compile(string name, string source)
    {
        var directory = _temp.Combine("asm-" + name);
        Directory.CreateDirectory(directory);
        return TestAssemblies.Compile(directory, name, source);
    }

    private WriteExperimentsManifest Run(string assembly, bool expectSuccess = true, string? manifestFile = null)
    {
        var task = new WriteExperimentsManifest
        {
            BuildEngine = _engine,
            Assembly = assembly,
            ManifestFile = manifestFile ?? ManifestPath,
        };
        var succeeded = task.Execute();
        Assert.True(succeeded == expectSuccess, $"Execute returned {succeeded}; errors: {string.Join("; ", _engine.Errors.Select(e => e.Message))}");
        return task;
    }
}
