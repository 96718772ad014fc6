using Experiments.Backends.Slurm;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Slurm;

// Slurm clusters are Linux; these tests use Unix file modes and POSIX tools.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlurmShellTests
{
    [Theory]
    [InlineData("squeue", "squeue")]
    [InlineData("%i|%T|%r", "'%i|%T|%r'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    [InlineData("/scratch/a b", "'/scratch/a b'")]
    [InlineData("$HOME", "'$HOME'")]
    public void Quotes_words_for_a_POSIX_shell(string word, string expected)
    {
        Assert.Equal(expected, ShellQuoting.Quote(word));
    }

    [Fact]
    public void Ssh_runs_one_quoted_command_line_without_prompting()
    {
        var command = SlurmShellCommands.Ssh("alice@login", ["squeue", "-h", "-o", "%i|%T|%r"]);

        Assert.Equal("ssh", command.Program);
        Assert.Equal(["-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4",
            "alice@login", "squeue -h -o '%i|%T|%r'"], command.Arguments);
    }

    [Fact]
    public void Rsync_copies_a_folders_contents_locally_or_over_ssh()
    {
        Assert.Equal(["-a", "/tmp/app/", "/scratch/p/abc/"], SlurmShellCommands.Rsync(null, "/tmp/app", "/scratch/p/abc").Arguments);
        Assert.Equal(
            ["-a", "-s", "-e", "ssh -o BatchMode=yes -o ConnectTimeout=20 -o ServerAliveInterval=15 -o ServerAliveCountMax=4", "/tmp/app/", "login:/scratch/p/abc/"],
            SlurmShellCommands.Rsync("login", "/tmp/app/", "/scratch/p/abc/").Arguments);
        Assert.Equal(
            ["-a", "-s", "-e", "ssh -o BatchMode=yes -o ConnectTimeout=20 -o ServerAliveInterval=15 -o ServerAliveCountMax=4", "login:/scratch/r/", "/tmp/mirror/"],
            SlurmShellCommands.RsyncPull("login", "/scratch/r", "/tmp/mirror").Arguments);
    }

    [Fact]
    public async Task The_local_shell_runs_a_command_with_input_and_reports_its_output()
    {
        var result = await new LocalSlurmShell().RunAsync(["sh", "-c", "cat; echo oops >&2; exit 3"], "#!/bin/bash\n", TestContext.Current.CancellationToken);

        Assert.Equal(new ShellResult(3, "#!/bin/bash\n", "oops\n"), result);
    }

    [Fact]
    public async Task The_local_shell_names_a_program_that_is_not_there()
    {
        var error = await Assert.ThrowsAsync<SlurmShellException>(() =>
            new LocalSlurmShell().RunAsync(["sbatch-that-is-not-installed"], null, TestContext.Current.CancellationToken));

        Assert.StartsWith("Could not start sbatch-that-is-not-installed", error.Message);
    }

    [Fact]
    public async Task The_local_shell_copies_a_folder_into_place_keeping_the_executable_bit()
    {
        using var temp = new TempDirectory("slurm-copy");
        var app = temp.Combine("app");
        Directory.CreateDirectory(Path.Combine(app, "runtimes"));
        File.WriteAllText(Path.Combine(app, "Study"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(app, "Study"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(app, "runtimes", "lib.so"), "x");
        var destination = temp.Combine("shared", "packages", "abc");

        await new LocalSlurmShell().CopyDirectoryAsync(app, destination, TestContext.Current.CancellationToken);

        Assert.True(File.GetUnixFileMode(Path.Combine(destination, "Study")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal("x", File.ReadAllText(Path.Combine(destination, "runtimes", "lib.so")));
        Assert.Equal(["abc"], Directory.GetFileSystemEntries(temp.Combine("shared", "packages")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_second_copy_of_the_same_package_leaves_the_first_in_place()
    {
        using var temp = new TempDirectory("slurm-copy");
        var app = temp.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "Study"), "first");
        var destination = temp.Combine("shared", "packages", "abc");
        var shell = new LocalSlurmShell();
        await shell.CopyDirectoryAsync(app, destination, TestContext.Current.CancellationToken);
        File.WriteAllText(Path.Combine(app, "Study"), "second");

        await shell.CopyDirectoryAsync(app, destination, TestContext.Current.CancellationToken);

        Assert.Equal("first", File.ReadAllText(Path.Combine(destination, "Study")));
        Assert.Equal(["abc"], Directory.GetFileSystemEntries(temp.Combine("shared", "packages")).Select(Path.GetFileName));
    }
}
