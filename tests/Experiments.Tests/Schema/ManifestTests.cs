using System.Text.Json;
using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Tests.Schema;

public sealed class ManifestTests
{
    private const string Sample = """
        {
          "schema": 2,
          "generator": "0.1.0",
          "assembly": "PhaseTransition",
          "experiments": [
            {
              "name": "Samples.PhaseTransition.Run", "type": "Samples.PhaseTransition", "method": "Run",
              "source": "PhaseTransition.cs", "explicit": true,
              "axes": [ { "name": "delta", "type": "double", "kind": "grid", "values": [0.1, 0.2] },
                        { "name": "rho", "type": "double", "kind": "range", "values": [1E-07, 0.98] },
                        { "name": "replicate", "type": "int", "kind": "replicates", "start": 0, "step": 1, "count": 3 },
                        { "name": "solver", "type": "Samples.Solver", "kind": "all", "values": ["Omp", "Ista"] },
                        { "name": "warm", "type": "bool", "kind": "all", "values": [false, true] },
                        { "name": "label", "type": "string", "kind": "grid", "values": ["a;b", ""] } ],
              "points": 96, "gridHash": "0123456789abcdef",
              "resources": { "timeout": "00:05:00", "retries": 2, "cpus": 1, "memory": "2GiB", "memoryBytes": 2147483648, "gpus": 0 }
            }
          ]
        }
        """;

    [Fact]
    public void Parses_the_documented_manifest()
    {
        var model = Manifest.Parse(Sample, "experiments.manifest.json");

        Assert.Equal(2, model.Schema);
        Assert.Equal("PhaseTransition", model.Assembly);
        var experiment = Assert.Single(model.Experiments);
        Assert.Equal("Samples.PhaseTransition.Run", experiment.Name);
        Assert.Equal(["delta", "rho", "replicate", "solver", "warm", "label"], experiment.Axes.Select(a => a.Name));
        Assert.Equal(96, experiment.Points);
    }

    [Fact]
    public void Descriptors_carry_the_runtime_key_texts_and_resources()
    {
        var descriptor = Assert.Single(Manifest.Descriptors(Manifest.Parse(Sample, "m.json")));

        Assert.Equal("Samples.PhaseTransition", descriptor.TypeName);
        Assert.Equal("Run", descriptor.MethodName);
        Assert.Equal("PhaseTransition.cs", descriptor.SourceFile);
        Assert.True(descriptor.Explicit);
        Assert.Equal(
            [AxisKind.Grid, AxisKind.Range, AxisKind.Replicates, AxisKind.AllValues, AxisKind.AllValues, AxisKind.Grid],
            descriptor.Axes.Select(a => a.Kind));
        Assert.Equal(["1E-07", "0.98"], descriptor.Axes[1].ValueTexts);
        Assert.Equal(["false", "true"], descriptor.Axes[4].ValueTexts);
        Assert.Equal(
            "delta=0.2;rho=1E-07;replicate=2;solver=Ista;warm=true;label=\"a;b\"",
            descriptor.KeyOf(descriptor.IndexOf([1, 0, 2, 1, 1, 0])));
        Assert.Equal(new ExperimentResources(TimeSpan.FromMinutes(5), 2, 1, "2GiB", 2147483648, 0), descriptor.Resources);
    }

    [Theory]
    [InlineData("0.5", "0.5")]
    [InlineData("1E-07", "1E-07")]
    [InlineData("-3", "-3")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("\"Lasso\"", "Lasso")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void Value_text_keeps_numbers_exactly_as_the_generator_wrote_them(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, Manifest.ValueText(document.RootElement));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{\"a\":1}")]
    public void Value_text_rejects_values_an_axis_cannot_hold(string json)
    {
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<InvalidDataException>(() => Manifest.ValueText(document.RootElement));

        Assert.Contains(json, error.Message);
    }

    [Fact]
    public void A_manifest_of_another_schema_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<InvalidDataException>(() => Manifest.Parse(Sample.Replace("\"schema\": 2", "\"schema\": 1"), "bin/experiments.manifest.json"));

        Assert.Equal(
            "bin/experiments.manifest.json has manifest schema 1; this version reads schema 2. Rebuild the project with the same Experiments version as the tool.",
            error.Message);
    }

    [Fact]
    public void A_million_value_range_is_three_numbers_and_its_keys_are_computed()
    {
        const string json = """
            {
              "schema": 2, "generator": "0.1.0", "assembly": "Big",
              "experiments": [
                {
                  "name": "Big.Run", "type": "Big", "method": "Run", "source": "Big.cs", "explicit": true,
                  "axes": [ { "name": "rho", "type": "double", "kind": "range", "start": 0.02, "step": 0.02, "count": 1000000 } ],
                  "points": 1000000, "gridHash": "0123456789abcdef",
                  "resources": { "timeout": null, "retries": 0, "cpus": 1, "memory": null, "memoryBytes": null, "gpus": 0 }
                }
              ]
            }
            """;
        var model = Manifest.Parse(json, "m.json");
        var descriptor = Manifest.ToDescriptor(Assert.Single(model.Experiments));

        var rho = Assert.Single(descriptor.Axes);
        Assert.Equal(new AxisProgression(0.02m, 0.02m, 1_000_000), rho.Progression);
        Assert.Equal(1_000_000, rho.Count);
        Assert.Equal("rho=0.06", descriptor.KeyOf(2));
        Assert.Equal("rho=20000", descriptor.KeyOf(999_999));
        Assert.Equal(2, descriptor.TryIndexOf("rho=0.06"));
        Assert.Equal(999_999, descriptor.TryIndexOf("rho=20000"));
        Assert.Null(descriptor.TryIndexOf("rho=0.07"));
        Assert.Null(descriptor.TryIndexOf("rho=20000.02"));
        Assert.Equal("0.06", rho.Values[2] is JsonElement value ? value.GetRawText() : null);
        Assert.Contains("\"start\":0.02,\"step\":0.02,\"count\":1000000", JsonSerializer.Serialize(model));
    }

    [Theory]
    [InlineData("\"start\": 0, \"step\": 1", "Axis 'replicate' has neither \"values\" nor \"start\", \"step\" and \"count\".")]
    [InlineData("\"start\": 0, \"count\": 3", "Axis 'replicate': \"step\" must be a number.")]
    [InlineData("\"start\": 0, \"step\": 0, \"count\": 3", "Axis 'replicate': \"step\" must not be 0.")]
    [InlineData("\"start\": 0, \"step\": 1, \"count\": 0", "Axis 'replicate': \"count\" must be a whole number of at least 1.")]
    [InlineData("\"start\": \"0\", \"step\": 1, \"count\": 3", "Axis 'replicate': \"start\" must be a number.")]
    public void A_bad_range_axis_names_the_axis_and_the_field(string fields, string message)
    {
        var json = Sample.Replace("\"start\": 0, \"step\": 1, \"count\": 3", fields);

        var error = Assert.Throws<InvalidDataException>(() => Manifest.Parse(json, "bin/experiments.manifest.json"));

        Assert.StartsWith("bin/experiments.manifest.json is not a valid experiments manifest: " + message, error.Message);
    }

    [Fact]
    public void Invalid_json_names_the_file()
    {
        var error = Assert.Throws<InvalidDataException>(() => Manifest.Parse("{ \"schema\": 1, ", "bin/experiments.manifest.json"));

        Assert.StartsWith("bin/experiments.manifest.json is not a valid experiments manifest:", error.Message);
    }

    [Fact]
    public void An_empty_manifest_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Manifest.Parse("null", "m.json"));

        Assert.Equal("m.json is empty.", error.Message);
    }

    [Fact]
    public void An_unknown_axis_kind_lists_the_valid_ones()
    {
        var model = Manifest.Parse(Sample.Replace("\"kind\": \"range\"", "\"kind\": \"linspace\""), "m.json");

        var error = Assert.Throws<InvalidDataException>(() => Manifest.Descriptors(model));

        Assert.Equal("Unknown axis kind 'linspace' in manifest (valid: grid, range, replicates, all).", error.Message);
    }

    [Fact]
    public void Loads_from_a_file()
    {
        using var temp = new Experiments.TestSupport.TempDirectory("manifest");
        var path = temp.Combine(ManifestModel.FileName);
        File.WriteAllText(path, Sample);

        Assert.Equal("Samples.PhaseTransition.Run", Assert.Single(Manifest.Load(path).Experiments).Name);
    }
}
