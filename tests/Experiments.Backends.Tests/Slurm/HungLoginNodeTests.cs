using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Experiments.Backends.Slurm;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Slurm;

/// <summary>
/// A login node that accepts the connection and then never answers (an sshd stuck on a dead file system): the real ssh
/// gives up after its ConnectTimeout instead of hanging, and a submission stops as soon as it is cancelled (Ctrl+C),
/// with the ssh it started killed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HungLoginNodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_ssh_to_a_login_node_that_never_answers_gives_up_after_the_connect_timeout()
    {
        using var node = HungLoginNode.Start();
        var clock = Stopwatch.StartNew();

        var result = await new SshSlurmShell(node.Destination).RunAsync(["squeue"], null, Ct);

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("timed out", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_submission_to_a_hung_login_node_stops_when_cancelled_and_kills_its_ssh()
    {
        using var node = HungLoginNode.Start();
        using var temp = new TempDirectory("slurm-hung");
        var options = new SlurmOptions { SharedDirectory = "/scratch/experiments", Host = node.Destination };
        var backend = new SlurmBackend(options, new SshSlurmShell(node.Destination), maxArraySize: 10, clusterCpus: 2);
        var plan = new RunPlan(RunPlan.CurrentSchema, "r-hung", [new PlannedExperiment("Lab.A.Run", "ha", 2)], [new PlannedTask(0, [0]), new PlannedTask(0, [1])]);
        var planPath = temp.Combine("plan.json");
        File.WriteAllText(planPath, "{}");
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        ctrlC.CancelAfter(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backend.SubmitAsync(
            new SubmitRequest(new PreparedPackage("pkg", "/scratch/experiments/packages/pkg", "Lab"), plan, planPath, temp.Path), ctrlC.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cancelling took {clock.Elapsed}");
        Assert.Empty(SshProcessesTo(node.Destination));
    }

    private static IReadOnlyList<int> SshProcessesTo(string destination) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0, Dir: d))
            .Where(p => p.Pid > 0)
            .Where(p =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Replace('\0', ' ').Contains(destination, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .Select(p => p.Pid)
            .ToArray();

    /// <summary>A TCP port on loopback that accepts connections and never says a word (no SSH banner).</summary>
    private sealed class HungLoginNode : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly List<Socket> _accepted = [];
        private readonly CancellationTokenSource _stop = new();

        private HungLoginNode(TcpListener listener)
        {
            _listener = listener;
            _ = AcceptAsync();
        }

        public string Destination => $"ssh://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public static HungLoginNode Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new HungLoginNode(listener);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_accepted)
            {
                foreach (var socket in _accepted)
                    socket.Dispose();
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    lock (_accepted)
                        _accepted.Add(socket);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
