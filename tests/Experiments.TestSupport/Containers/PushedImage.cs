using System.Globalization;
using System.Text;

namespace Experiments.TestSupport.Containers;

/// <summary>
/// An image taken out of a registry and unpacked, so its entry point can be run the way a container runtime would —
/// containers cannot run here (no Docker, no runc), but root can: <c>skopeo copy</c> to an OCI layout,
/// <c>umoci unpack</c> to a root filesystem, then <c>unshare</c> into new mount and pid namespaces rooted at it, with
/// the image's environment, working directory, user and entry point.
/// </summary>
public sealed class PushedImage
{
    private const string Tag = "image";

    /// <summary>The character devices the OCI runtime spec requires in every container's /dev.</summary>
    private static readonly string[] ContainerDevices = ["null", "zero", "full", "random", "urandom", "tty"];

    private PushedImage(string imageReference, string layout, string rootFilesystem, ImageConfig config)
    {
        ImageReference = imageReference;
        Layout = layout;
        RootFilesystem = rootFilesystem;
        Config = config;
    }

    public string ImageReference { get; }

    /// <summary>The OCI image layout the image was copied to.</summary>
    public string Layout { get; }

    /// <summary>The unpacked root filesystem.</summary>
    public string RootFilesystem { get; }

    public ImageConfig Config { get; }

    /// <summary>The image's layers as pushed (compressed) in bytes.</summary>
    public long CompressedSize => ImageConfig.CompressedLayerBytes(Layout, Tag);

    /// <summary>Copies <paramref name="imageReference"/> from its registry (plain HTTP allowed) and unpacks it under <paramref name="directory"/>.</summary>
    public static async Task<PushedImage> UnpackAsync(string imageReference, string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var layout = Path.Combine(directory, "oci");
        var bundle = Path.Combine(directory, "bundle");
        await RunAsync("skopeo", ["copy", "--quiet", "--src-tls-verify=false", $"docker://{imageReference}", $"oci:{layout}:{Tag}"], cancellationToken);
        await RunAsync("umoci", ["unpack", "--image", $"{layout}:{Tag}", bundle], cancellationToken);
        return new PushedImage(imageReference, layout, Path.Combine(bundle, "rootfs"), ImageConfig.ReadFromLayout(layout, Tag));
    }

    /// <summary>The host path of <paramref name="containerPath"/> inside the unpacked root filesystem.</summary>
    public string HostPathOf(string containerPath) => Path.Combine(RootFilesystem, containerPath.TrimStart('/'));

    /// <summary>
    /// Runs the image's entry point and command as its user, in its working directory, with its environment plus
    /// <paramref name="environment"/> (which wins), in fresh mount and pid namespaces (with their own /proc) rooted at the
    /// unpacked root filesystem. <paramref name="binds"/> are bind-mounted first, in a mount namespace of the run's own,
    /// so the host never sees them; they must be writable by the image's user if the app writes there.
    /// </summary>
    public Task<ProcessResult> RunEntryPointAsync(
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, IReadOnlyList<BindMount>? binds = null, CancellationToken cancellationToken = default)
    {
        if (Config.Command.Count == 0)
            throw new InvalidOperationException($"The image {ImageReference} has neither an entry point nor a command to run.");
        var env = new Dictionary<string, string>(Config.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in environment)
            env[name] = value;

        var script = new StringBuilder("set -e\n");
        foreach (var bind in binds ?? [])
        {
            if (!bind.ContainerPath.StartsWith('/'))
                throw new ArgumentException($"The container path '{bind.ContainerPath}' of a bind mount must be absolute.", nameof(binds));
            var target = HostPathOf(bind.ContainerPath);
            Directory.CreateDirectory(target);
            script.Append(CultureInfo.InvariantCulture, $"/usr/bin/mount --bind {Quote(bind.HostPath)} {Quote(target)}\n");
        }
        // A runtime-spec root filesystem needs a /proc mount point; images often have none.
        Directory.CreateDirectory(HostPathOf("/proc"));
        // The device nodes every container runtime provides: without /dev/urandom, OpenSSL (and so .NET's crypto: request
        // signing, hashing) fails inside the image.
        Directory.CreateDirectory(HostPathOf("/dev"));
        foreach (var device in ContainerDevices)
        {
            var target = HostPathOf($"/dev/{device}");
            if (!File.Exists(target))
                File.WriteAllBytes(target, []);
            script.Append(CultureInfo.InvariantCulture, $"/usr/bin/mount --bind /dev/{device} {Quote(target)}\n");
        }
        List<string> inner = ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc", $"--root={RootFilesystem}", $"--wd={Config.WorkingDir ?? "/"}"];
        if (Config.User is { } user)
        {
            var (uid, gid) = ResolveUser(user);
            inner.AddRange(["--setuid", uid.ToString(CultureInfo.InvariantCulture), "--setgid", gid.ToString(CultureInfo.InvariantCulture)]);
        }
        inner.Add("--");
        inner.AddRange(Config.Command);
        script.Append("exec ").Append(string.Join(' ', inner.Select(Quote))).Append('\n');

        // env -i: the app sees the image's environment and the given variables only, never the test host's.
        List<string> arguments = ["-i", .. env.Select(e => $"{e.Key}={e.Value}"),
            "/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script.ToString()];
        return ProcessRunner.RunAsync("/usr/bin/env", arguments, RootFilesystem, null, timeout, cancellationToken);
    }

    /// <summary>The numeric uid and gid of the image's <c>User</c> (<c>uid</c>, <c>uid:gid</c> or a name in the image's /etc/passwd).</summary>
    public (int Uid, int Gid) ResolveUser(string user)
    {
        var parts = user.Split(':', 2);
        var passwd = HostPathOf("/etc/passwd");
        var entries = File.Exists(passwd)
            ? File.ReadAllLines(passwd).Select(l => l.Split(':')).Where(f => f.Length >= 4).ToArray()
            : [];
        int uid;
        int? gid = null;
        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
        {
            uid = numeric;
        }
        else
        {
            var entry = entries.FirstOrDefault(f => f[0] == parts[0])
                ?? throw new InvalidOperationException($"The image's user '{parts[0]}' is not in its /etc/passwd.");
            uid = int.Parse(entry[2], CultureInfo.InvariantCulture);
        }
        if (parts.Length > 1)
            gid = int.Parse(parts[1], CultureInfo.InvariantCulture);
        gid ??= entries.FirstOrDefault(f => f[2] == uid.ToString(CultureInfo.InvariantCulture)) is { } own
            ? int.Parse(own[3], CultureInfo.InvariantCulture)
            : uid;
        return (uid, gid.Value);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(tool, arguments, Path.GetTempPath(), null, TimeSpan.FromMinutes(5), cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed:\n{result}");
    }
}
