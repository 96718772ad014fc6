using Experiments.TestSupport;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>A git repository made in a fixture's folder for a test, and removed after it.</summary>
public sealed class GitRepository(string directory) : IAsyncDisposable
{
    public string Directory { get; } = directory;

    public static async Task<GitRepository> InitAsync(string directory)
    {
        var repository = new GitRepository(directory);
        await repository.RunAsync("init", "--quiet");
        await repository.RunAsync("config", "user.name", "Test");
        await repository.RunAsync("config", "user.email", "test@example.com");
        return repository;
    }

    public async Task CommitAllAsync(string message)
    {
        await RunAsync("add", "--all");
        await RunAsync("commit", "--quiet", "-m", message);
    }

    public async Task<string> RunAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("git", arguments, Directory, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }

    public ValueTask DisposeAsync()
    {
        var git = Path.Combine(Directory, ".git");
        if (System.IO.Directory.Exists(git))
            System.IO.Directory.Delete(git, recursive: true);
        foreach (var file in new[] { ".gitattributes" }.Select(f => Path.Combine(Directory, f)))
            File.Delete(file);
        return ValueTask.CompletedTask;
    }
}
