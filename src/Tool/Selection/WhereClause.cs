using System.Text;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Selection;

/// <summary>
/// One <c>--where AXIS=V1,V2</c>: the point's value on AXIS must be one of the values. Values are separated by commas;
/// a value that contains a comma, quote or backslash is written in double quotes with <c>\"</c> and <c>\\</c>, as in
/// point keys.
/// </summary>
public sealed record WhereClause(string Axis, IReadOnlyList<string> Values, string Text)
{
    public const string Syntax = "AXIS=VALUE[,VALUE…], e.g. --where delta=0.5,0.6";

    public static WhereClause Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq < 0)
            throw new UserException($"--where '{text}' has no '='. Write {Syntax}.");
        var axis = text[..eq].Trim();
        if (axis.Length == 0)
            throw new UserException($"--where '{text}' names no axis before '='. Write {Syntax}.");
        var list = text[(eq + 1)..];
        if (list.Trim().Length == 0)
            throw new UserException($"--where '{text}' lists no values after '='. Write {Syntax}.");
        return new WhereClause(axis, SplitValues(list, text), text);
    }

    private static List<string> SplitValues(string list, string clause)
    {
        var values = new List<string>();
        var i = 0;
        while (i <= list.Length)
        {
            // Leading and trailing blanks around a bare value are typing, not data: "0.5, 0.6" means two values.
            while (i < list.Length && list[i] == ' ')
                i++;
            if (i < list.Length && list[i] == '"')
            {
                var (value, next) = ReadQuoted(list, i, clause);
                values.Add(value);
                i = next;
                while (i < list.Length && list[i] == ' ')
                    i++;
                if (i < list.Length && list[i] != ',')
                    throw new UserException($"--where '{clause}': expected ',' after the quoted value \"{value}\".");
            }
            else
            {
                var end = list.IndexOf(',', i);
                if (end < 0)
                    end = list.Length;
                var value = list[i..end].Trim();
                if (value.Length == 0)
                    throw new UserException($"--where '{clause}' has an empty value; quote it (\"\") if you mean the empty string. Write {Syntax}.");
                values.Add(value);
                i = end;
            }
            i++; // the ',' (or one past the end)
        }
        return values;
    }

    private static (string Value, int Next) ReadQuoted(string list, int start, string clause)
    {
        var sb = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= list.Length)
                throw new UserException($"--where '{clause}': a quoted value is not closed with '\"'.");
            var c = list[i++];
            if (c == '"')
                return (sb.ToString(), i);
            if (c == '\\')
            {
                if (i >= list.Length)
                    throw new UserException($"--where '{clause}': a '\\' ends the text; write \\\\ for a backslash.");
                c = list[i++];
            }
            sb.Append(c);
        }
    }
}
