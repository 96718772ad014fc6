using System.Text.Json;
using Experiments.TestSupport;
using Experiments.TestSupport.Services;

namespace Experiments.Tool.Tests.Export;

/// <summary>
/// Reads Parquet files with hyparquet, a JavaScript reader that shares no code with Parquet.Net, so the export tests
/// see what pandas, DuckDB and the like would see. The npm package (pinned in Export/ParquetReader/package.json) is
/// installed once per machine into a temporary folder; installing again is a no-op.
/// </summary>
public static class Hyparquet
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static string SourceDirectory => Path.Combine(RepositoryPaths.Root, "tests", "Experiments.Tool.Tests", "Export", "ParquetReader");

    private static string InstallDirectory => Path.Combine(Path.GetTempPath(), "experiments-parquet-reader");

    /// <summary>The file's schema (name, physical type, logical type) and rows, as hyparquet reads them; int64 values are strings.</summary>
    public static async Task<JsonElement> ReadAsync(string parquetFile)
    {
        await InstallAsync();
        var read = await ProcessRunner.RunAsync("node", [Path.Combine(InstallDirectory, "read-parquet.mjs"), parquetFile], InstallDirectory, timeout: TimeSpan.FromMinutes(2));
        Assert.True(read.ExitCode == 0, read.ToString());
        return JsonDocument.Parse(read.StandardOutput).RootElement.Clone();
    }

    private static async Task InstallAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            Directory.CreateDirectory(InstallDirectory);
            foreach (var name in new[] { "package.json", "read-parquet.mjs" })
                File.Copy(Path.Combine(SourceDirectory, name), Path.Combine(InstallDirectory, name), overwrite: true);
            if (File.Exists(Path.Combine(InstallDirectory, "node_modules", "hyparquet", "package.json")))
                return;
            ProcessResult? install = null;
            string? problem;
            try
            {
                install = await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], InstallDirectory, timeout: TimeSpan.FromMinutes(3));
                problem = install.ExitCode == 0 ? null : $"npm install failed: {install.Output.Trim()}";
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                problem = $"node/npm is not installed ({e.Message})";
            }
            RequiredService.Require("hyparquet (npm)", problem, "install Node.js 20 and npm; the test installs hyparquet itself");
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
