using Experiments.Tool.Recording;

namespace Experiments.Tool.Tests.Unit;

public class PathScrubberTests
{
    private static readonly PathScrubber Scrubber = new(["/home/ada/repo", "/home/ada/repo/study", "/tmp/artifacts/bin/Study/release"], "/home/ada");

    [Theory]
    [InlineData("at Lab.Study.Run() in /home/ada/repo/study/Model/Solver.cs:line 12", "at Lab.Study.Run() in Model/Solver.cs:line 12")]
    [InlineData("Could not find /home/ada/repo/data/input.csv", "Could not find data/input.csv")]
    [InlineData("Missing /tmp/artifacts/bin/Study/release/native.so", "Missing native.so")]
    [InlineData("see /home/ada/notes.txt", "see ~/notes.txt")]
    [InlineData("working in /home/ada/repo/study", "working in .")]
    [InlineData("working in /home/ada/repo/study.", "working in study.")]
    [InlineData("a sibling /home/ada/repo/study2/x.cs stays under the repository", "a sibling study2/x.cs stays under the repository")]
    [InlineData("at Experiments.Worker.PointAttempt.RunAsync() in /build/agent/_work/src/PointAttempt.cs:line 29", "at Experiments.Worker.PointAttempt.RunAsync() in PointAttempt.cs:line 29")]
    [InlineData("no paths here", "no paths here")]
    public void Local_paths_become_relative_and_the_home_becomes_a_tilde(string text, string expected) =>
        Assert.Equal(expected, Scrubber.Scrub(text));

    [Fact]
    public void Nothing_in_gives_nothing_out()
    {
        Assert.Null(Scrubber.Scrub(null));
        Assert.Equal("", Scrubber.Scrub(""));
    }
}
