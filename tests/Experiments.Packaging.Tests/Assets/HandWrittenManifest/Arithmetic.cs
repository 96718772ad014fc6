using Xunit;

namespace HandWritten;

public class Arithmetic
{
    [Fact]
    public void Adds() => Assert.Equal(4, 2 + 2);
}
