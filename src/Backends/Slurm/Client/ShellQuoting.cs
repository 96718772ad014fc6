namespace Experiments.Backends.Slurm;

/// <summary>POSIX shell quoting: for script lines and for ssh, which joins its arguments into one remote shell command.</summary>
public static class ShellQuoting
{
    /// <summary>The text as one shell word: unchanged when it holds only safe characters, else single-quoted.</summary>
    public static string Quote(string text)
    {
        if (text.Length > 0 && text.All(IsSafe))
            return text;
        return "'" + text.Replace("'", "'\\''") + "'";
    }

    /// <summary>The words as one command line, each quoted.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '=' or ':' or ',' or '+' or '@' or '%';
}
