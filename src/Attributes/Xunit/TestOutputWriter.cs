using System.Text;
using Xunit;

namespace Experiments.Xunit;

/// <summary>A <see cref="TextWriter"/> onto a test's output, so <see cref="ExperimentContext.Log"/> shows under the test in the IDE.</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        lock (_gate)
        {
            try
            {
                output.Write(value);
            }
            catch (InvalidOperationException)
            {
                // A background task the point started may log after its test finished; xunit then refuses the write,
                // and failing the user's task over a late log line would be worse than dropping the line.
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));
}
