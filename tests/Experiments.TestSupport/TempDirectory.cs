namespace Experiments.TestSupport;

/// <summary>A directory under /tmp that is removed on dispose unless EXPERIMENTS_KEEP_TEMP=1 (for post-mortems).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "exp")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("EXPERIMENTS_KEEP_TEMP") == "1")
            return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A worker that is still exiting may hold a file; the OS cleans /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
