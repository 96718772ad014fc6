using Xunit;

namespace Experiments.Packaging.Tests.Support;

/// <summary>A file's content and last write time, to tell "rewritten with the same text" from "left alone".</summary>
internal sealed record BuiltFile(string Path, string Content, DateTime LastWriteTimeUtc)
{
    public static BuiltFile Read(string path)
    {
        Assert.True(File.Exists(path), $"Expected {path} to exist.");
        return new BuiltFile(path, File.ReadAllText(path), File.GetLastWriteTimeUtc(path));
    }
}
