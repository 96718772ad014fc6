namespace Experiments.TestSupport.Services;

/// <summary>
/// The loopback sshd tests/Slurm/ssh.sh runs, with its own keys and client config. The tool uses the user's ssh as it
/// finds it on PATH, so tests put a directory first on PATH whose <c>ssh</c> adds <c>-F</c> with the test config: what
/// a user's ~/.ssh/config would do.
/// </summary>
public static class SshTestHost
{
    public const string Host = "experiments-test-cluster";
    public const string ConfigFile = "/var/lib/experiments-test-ssh/ssh_config";
    public const string StartCommand = "sudo tests/Slurm/ssh.sh";

    public static void Require() => RequiredService.Require("The test ssh host", UnavailableBecause(), StartCommand);

    public static string? UnavailableBecause()
    {
        if (!File.Exists(ConfigFile))
            return $"{ConfigFile} does not exist";
        var ssh = ProcessRunner.RunAsync("ssh", ["-F", ConfigFile, Host, "true"], Environment.CurrentDirectory, timeout: TimeSpan.FromSeconds(20))
            .GetAwaiter().GetResult();
        return ssh.ExitCode == 0 ? null : $"ssh {Host} failed: {ssh.Output.Trim()}";
    }

    /// <summary>Writes the <c>ssh</c> wrapper into <paramref name="directory"/> and returns a PATH with it first.</summary>
    public static string PathWithWrapper(string directory)
    {
        Directory.CreateDirectory(directory);
        var wrapper = Path.Combine(directory, "ssh");
        var real = new[] { "/usr/bin/ssh", "/bin/ssh" }.First(File.Exists);
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec {real} -F {ConfigFile} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return $"{directory}:{Environment.GetEnvironmentVariable("PATH")}";
    }
}
