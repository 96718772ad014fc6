using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.Tests.Hosting;

public sealed class LocalTaskRunnerTests
{
    [Theory]
    [InlineData("/bin/sh -c 'exit $((TASK_INDEX % 2))'", new[] { "/bin/sh", "-c", "exit $((TASK_INDEX % 2))" })]
    [InlineData("worker  --chunk \"a b\" c\\ d", new[] { "worker", "--chunk", "a b", "c d" })]
    [InlineData("echo \"say \\\"hi\\\"\" ''", new[] { "echo", "say \"hi\"", "" })]
    public void Command_lines_split_into_words_as_a_shell_would(string commandLine, string[] words)
    {
        Assert.Equal(words, LocalTaskRunner.SplitCommandLine(commandLine));
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_naming_the_command()
    {
        var error = Assert.Throws<FormatException>(() => LocalTaskRunner.SplitCommandLine("echo 'oops"));

        Assert.Contains("echo 'oops", error.Message);
    }

    [Fact]
    public async Task A_task_runs_as_a_process_with_its_environment()
    {
        var task = new EmulatedTask("job", "t", 3, 1, "", ["/bin/sh", "-c", "exit $((BATCH_TASK_INDEX + 4))"],
            new Dictionary<string, string> { ["BATCH_TASK_INDEX"] = "3" }, null, null);

        Assert.Equal(7, await LocalTaskRunner.RunAsync(task, null, TestContext.Current.CancellationToken));
    }
}
