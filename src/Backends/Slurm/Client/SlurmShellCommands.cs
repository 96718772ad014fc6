namespace Experiments.Backends.Slurm;

/// <summary>The processes the shells start, built apart from starting them so their arguments can be checked.</summary>
public static class SlurmShellCommands
{
    /// <summary>
    /// The options of every ssh, rsync's too. BatchMode makes a missing key or unknown host fail at once instead of
    /// waiting for a password nobody types; ConnectTimeout bounds a login node that does not answer; ServerAlive ends
    /// a connection whose node stopped answering mid-command (15 s × 4 unanswered probes) rather than waiting forever.
    /// </summary>
    public static IReadOnlyList<string> SshOptions { get; } =
        ["-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4"];

    /// <summary>
    /// <c>ssh</c> joins its arguments into one string the remote login shell splits again, so each word is quoted here.
    /// </summary>
    public static ShellCommand Ssh(string host, IReadOnlyList<string> command) =>
        new("ssh", [.. SshOptions, host, ShellQuoting.Join(command)]);

    /// <summary>rsync's <c>-e</c>: ssh with <see cref="SshOptions"/> (rsync splits this string on spaces itself).</summary>
    public static string RsyncSsh => "ssh " + string.Join(' ', SshOptions);

    /// <summary>
    /// <c>rsync -a</c> keeps the apphost's executable bit; the trailing '/' copies the folder's contents, not the folder.
    /// With a host, rsync's own ssh transport is used, with the same options as <see cref="Ssh"/>, and <c>-s</c>
    /// (--protect-args) so that the remote path reaches rsync as one argument instead of through the remote shell,
    /// which rsync before 3.2.4 let split and expand it.
    /// </summary>
    public static ShellCommand Rsync(string? host, string localDirectory, string clusterDirectory)
    {
        var source = localDirectory.TrimEnd('/', Path.DirectorySeparatorChar) + "/";
        var destination = clusterDirectory.TrimEnd('/') + "/";
        return host is null
            ? new("rsync", ["-a", source, destination])
            : new("rsync", ["-a", "-s", "-e", RsyncSsh, source, $"{host}:{destination}"]);
    }

    /// <summary>
    /// The other way: a cluster directory's contents into a local one (the caller reads rsync's exit code: 23/24 mean
    /// some files vanished or were unreadable mid-transfer, which the next pull makes good).
    /// </summary>
    public static ShellCommand RsyncPull(string? host, string clusterDirectory, string localDirectory)
    {
        var source = clusterDirectory.TrimEnd('/') + "/";
        var destination = localDirectory.TrimEnd('/', Path.DirectorySeparatorChar) + "/";
        return host is null
            ? new("rsync", ["-a", source, destination])
            : new("rsync", ["-a", "-s", "-e", RsyncSsh, $"{host}:{source}", destination]);
    }

    /// <summary>Where a copy is made before it is renamed into place (unique per process, so two copies never mix).</summary>
    public static string PartialDirectory(string clusterDirectory) =>
        $"{clusterDirectory.TrimEnd('/')}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>
    /// Creates the parent and renames the copy into place; if another run put the same package there first, its copy
    /// is as good, so the partial one is removed and the command still succeeds.
    /// </summary>
    public static IReadOnlyList<string> MoveIntoPlace(string partialDirectory, string clusterDirectory) =>
        ["sh", "-c", "mv -T \"$1\" \"$2\" 2>/dev/null || { [ -d \"$2\" ] && rm -rf \"$1\"; }", "move-into-place", partialDirectory, clusterDirectory];

    /// <summary>Creates a directory (and its parents) on the cluster.</summary>
    public static IReadOnlyList<string> MakeDirectory(string clusterDirectory) => ["mkdir", "-p", clusterDirectory];
}
