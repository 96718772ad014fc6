using Experiments.TestSupport;
using Experiments.TestSupport.Services;

namespace Experiments.Tool.Tests.Reporting;

/// <summary>
/// Debian's <c>chromium</c>, headless, as a person's browser: a fresh profile per call, nothing fetched from the
/// network, one device pixel per CSS pixel and a fixed window so screenshots and layouts agree. test.sh installs it.
/// </summary>
public sealed class HeadlessChromium
{
    public const int Width = 1400;
    public const int Height = 1000;

    private HeadlessChromium(string executable) => Executable = executable;

    public string Executable { get; }

    /// <summary>The browser, or a skip (a failure in CI) naming the command that installs it.</summary>
    public static HeadlessChromium Require()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
        RequiredService.Require("Chromium", found is null ? "no 'chromium' on PATH" : null, "sudo apt-get install -y chromium (./test.sh does it)");
        return new HeadlessChromium(found!);
    }

    /// <summary>Loads the page and saves what the window shows; returns Chromium's log (console messages are in it).</summary>
    public Task<ProcessResult> ScreenshotAsync(string page, string png) => RunAsync(page, $"--screenshot={png}");

    /// <summary>Loads the page, runs its scripts, and returns the DOM they left as standard output.</summary>
    public Task<ProcessResult> DumpDomAsync(string page) => RunAsync(page, "--dump-dom");

    private async Task<ProcessResult> RunAsync(string page, string action)
    {
        using var profile = new TempDirectory("chromium-profile");
        var result = await ProcessRunner.RunAsync(Executable,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile.Path}", "--enable-logging=stderr", "--v=0",
            $"--window-size={Width},{Height}", "--force-device-scale-factor=1", "--hide-scrollbars",
            action, new Uri(page).AbsoluteUri,
        ], Path.GetDirectoryName(page)!, timeout: TimeSpan.FromMinutes(2));
        Assert.False(result.TimedOut, $"chromium {action} did not finish in 2 minutes:\n{result.StandardError}");
        Assert.True(result.ExitCode == 0, $"chromium {action} exited {result.ExitCode}:\n{result.StandardError}");
        return result;
    }

    /// <summary>The console messages (errors, uncaught exceptions, logs) Chromium logged for the page.</summary>
    public static IReadOnlyList<string> ConsoleMessages(ProcessResult result) =>
        result.StandardError.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray();
}
