using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Packaging;

public sealed class PackageHasherTests : IDisposable
{
    private readonly TempDirectory _temp = new("package");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_same_files_give_the_same_id_wherever_they_are()
    {
        var first = App("one");
        var second = App("two");

        Assert.Equal(PackageHasher.Hash(first, TestContext.Current.CancellationToken), PackageHasher.Hash(second, TestContext.Current.CancellationToken));
        Assert.Matches("^[0-9a-f]{16}$", PackageHasher.Hash(first, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Changing_any_file_changes_the_id()
    {
        var app = App("app");
        var before = PackageHasher.Hash(app, TestContext.Current.CancellationToken);

        File.WriteAllText(Path.Combine(app, "sub", "data.txt"), "other");

        Assert.NotEqual(before, PackageHasher.Hash(app, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Moving_a_file_changes_the_id()
    {
        var app = App("app");
        var before = PackageHasher.Hash(app, TestContext.Current.CancellationToken);

        File.Move(Path.Combine(app, "sub", "data.txt"), Path.Combine(app, "data.txt"));

        Assert.NotEqual(before, PackageHasher.Hash(app, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_folder_without_a_manifest_is_not_an_experiment_app()
    {
        var app = App("app");
        File.Delete(Path.Combine(app, ManifestModel.FileName));

        var e = Assert.Throws<FileNotFoundException>(() => PackageHasher.Hash(app, TestContext.Current.CancellationToken));

        Assert.Contains($"has no {ManifestModel.FileName}", e.Message);
    }

    [Fact]
    public void A_missing_folder_says_to_build_first()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => PackageHasher.Hash(_temp.Combine("missing"), TestContext.Current.CancellationToken));

        Assert.Contains("build the project first", e.Message);
    }

    private string App(string name)
    {
        var directory = _temp.Combine(name);
        Directory.CreateDirectory(Path.Combine(directory, "sub"));
        File.WriteAllText(Path.Combine(directory, "App.dll"), "binary");
        File.WriteAllText(Path.Combine(directory, ManifestModel.FileName), "{}");
        File.WriteAllText(Path.Combine(directory, "sub", "data.txt"), "data");
        return directory;
    }
}
