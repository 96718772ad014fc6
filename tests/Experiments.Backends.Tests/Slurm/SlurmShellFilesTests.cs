using System.Text;
using Experiments.Backends.Slurm;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Slurm;

// The shared directory's file operations, run through the real local shell on a temporary directory.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlurmShellFilesTests
{
    private readonly LocalSlurmShell _shell = new();

    public static TheoryData<string> AwkwardNames => new()
    {
        "plain",
        "with space",
        "it's",
        "say \"hi\"",
        "$HOME `id` ; rm -rf x",
        "-starts-with-dash",
        "100% *glob?",
    };

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public async Task A_written_file_reads_back_whatever_its_path_holds(string name)
    {
        using var temp = new TempDirectory("slurm-files");
        var path = temp.Combine(name, "runs", name, "plan.json");

        await _shell.WriteAsync(path, "{\"runId\": \"r1\"}\n", Cancel);

        Assert.Equal("{\"runId\": \"r1\"}\n", await File.ReadAllTextAsync(path, Cancel));
        Assert.Equal("{\"runId\": \"r1\"}\n", await _shell.ReadAsync(path, Cancel));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!)); // no partial file left beside it
    }

    [Fact]
    public async Task Writing_replaces_the_whole_file_byte_for_byte()
    {
        using var temp = new TempDirectory("slurm-files");
        var path = temp.Combine("runs", "r1", "scripts", "tasks-0-9.sbatch");
        const string text = "#!/bin/bash\n#SBATCH --job-name=π≈3.14 — ü\nno newline at the end";

        await _shell.WriteAsync(path, "an older, longer text that must not survive in any part\n", Cancel);
        await _shell.WriteAsync(path, text, Cancel);

        Assert.Equal(Encoding.UTF8.GetBytes(text), await File.ReadAllBytesAsync(path, Cancel)); // UTF-8, no BOM
        Assert.Equal(text, await _shell.ReadAsync(path, Cancel));
    }

    [Fact]
    public async Task Writers_racing_for_one_path_leave_one_whole_text_and_no_partial_files()
    {
        using var temp = new TempDirectory("slurm-files");
        var path = temp.Combine("runs", "r1", "plan.json");
        var texts = Enumerable.Range(0, 8).Select(i => new string((char)('a' + i), 100_000 + i) + "\n").ToArray();

        await Task.WhenAll(texts.Select(text => _shell.WriteAsync(path, text, Cancel)));

        Assert.Contains(await File.ReadAllTextAsync(path, Cancel), texts);
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task An_empty_text_makes_an_empty_file()
    {
        using var temp = new TempDirectory("slurm-files");
        var path = temp.Combine("empty");

        await _shell.WriteAsync(path, "", Cancel);

        Assert.Equal("", await _shell.ReadAsync(path, Cancel));
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public async Task Appends_add_lines_after_what_is_there(string name)
    {
        using var temp = new TempDirectory("slurm-files");
        var path = temp.Combine(name + ".jsonl");
        await File.WriteAllTextAsync(path, "{\"a\":1}\n", Cancel);

        await _shell.AppendAsync(path, "{\"b\":2}\n", Cancel);
        await _shell.AppendAsync(path, "{\"c\":\"ü\"}\n", Cancel);

        Assert.Equal("{\"a\":1}\n{\"b\":2}\n{\"c\":\"ü\"}\n", await File.ReadAllTextAsync(path, Cancel));
    }

    [Fact]
    public async Task Appending_to_a_file_that_is_not_there_creates_it()
    {
        using var temp = new TempDirectory("slurm-files");
        var path = temp.Combine("new file.jsonl");

        await _shell.AppendAsync(path, "line\n", Cancel);

        Assert.Equal("line\n", await File.ReadAllTextAsync(path, Cancel));
    }

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public async Task Reading_a_file_that_is_not_there_gives_null(string name)
    {
        using var temp = new TempDirectory("slurm-files");

        Assert.Null(await _shell.ReadAsync(temp.Combine(name), Cancel));
        Assert.Null(await _shell.ReadAsync(temp.Combine("no such folder", name), Cancel));
    }

    [Fact]
    public async Task Reading_a_directory_fails_naming_the_path_and_where()
    {
        using var temp = new TempDirectory("slurm files");

        var error = await Assert.ThrowsAsync<SlurmShellException>(() => _shell.ReadAsync(temp.Path, Cancel));

        Assert.StartsWith($"reading {temp.Path} failed on this machine (exit 1):", error.Message);
        Assert.Contains("Is a directory", error.Message);
    }

    [Fact]
    public async Task Writing_under_a_file_fails_naming_the_command_and_what_it_said()
    {
        using var temp = new TempDirectory("slurm-files");
        var blocker = temp.Combine("runs");
        await File.WriteAllTextAsync(blocker, "a file where a folder should be", Cancel);

        var error = await Assert.ThrowsAsync<SlurmShellException>(() => _shell.WriteAsync(Path.Combine(blocker, "r1", "plan.json"), "{}", Cancel));

        Assert.Contains("failed on this machine (exit 1):", error.Message);
        Assert.Contains(ShellQuoting.Quote(Path.Combine(blocker, "r1", "plan.json")), error.Message);
        Assert.Contains("Not a directory", error.Message);
    }

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public async Task Directories_are_made_with_their_parents_and_found(string name)
    {
        using var temp = new TempDirectory("slurm-files");
        var logs = temp.Combine("runs", name, "logs");
        var scripts = temp.Combine("runs", name, "scripts");

        Assert.False(await _shell.DirectoryExistsAsync(logs, Cancel));
        await _shell.MakeDirectoriesAsync([logs, scripts], Cancel);
        await _shell.MakeDirectoriesAsync([logs], Cancel); // already there: fine

        Assert.True(Directory.Exists(logs));
        Assert.True(Directory.Exists(scripts));
        Assert.True(await _shell.DirectoryExistsAsync(logs, Cancel));
    }

    [Fact]
    public async Task A_file_is_not_a_directory()
    {
        using var temp = new TempDirectory("slurm-files");
        var file = temp.Combine("plan.json");
        await File.WriteAllTextAsync(file, "{}", Cancel);

        Assert.False(await _shell.DirectoryExistsAsync(file, Cancel));
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
