using System.Text;
using System.Text.Json;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Config;

/// <summary>
/// <c>init --backend NAME</c>: adds a backend's commented section to the experiments config file, creating the file if
/// there is none. The file's other sections and comments are kept as they are: the section is inserted as text.
/// </summary>
public static class ConfigInitializer
{
    /// <returns>The file written.</returns>
    public static string AddSection(string projectDirectory, string backend, string template)
    {
        var path = ExperimentsConfig.Find(projectDirectory) ?? ExperimentsConfig.DefaultLocation(projectDirectory);
        if (!File.Exists(path))
        {
            Write(path, "{\n" + template.TrimEnd() + "\n}\n");
            return path;
        }
        var bytes = File.ReadAllBytes(path);
        var (lastMemberEnd, closingBrace, names) = Outline(bytes, path);
        if (names.Contains(backend))
            throw new UserException($"{path} already has a \"{backend}\" section; edit it there (every key is described in the README).");
        var head = Encoding.UTF8.GetString(bytes, 0, lastMemberEnd ?? closingBrace);
        var between = Encoding.UTF8.GetString(bytes, lastMemberEnd ?? closingBrace, closingBrace - (lastMemberEnd ?? closingBrace));
        var tail = Encoding.UTF8.GetString(bytes, closingBrace, bytes.Length - closingBrace);
        // The comma goes right after the last member's value: at the end of its line a // comment would swallow it.
        var comma = lastMemberEnd is not null && !between.TrimStart().StartsWith(',') ? "," : "";
        Write(path, head.TrimEnd() + comma + between.TrimEnd() + "\n" + template.TrimEnd() + "\n" + tail.TrimEnd() + "\n");
        return path;
    }

    /// <summary>
    /// Where the root object's last member ends and its closing brace is (byte offsets, so comments — which may hold
    /// braces and commas — are told apart by the JSON reader, not by searching the text), and the members' names.
    /// </summary>
    private static (int? LastMemberEnd, int ClosingBrace, HashSet<string> Names) Outline(byte[] bytes, string path)
    {
        // The reader does not skip a byte order mark; offsets are kept relative to the whole file.
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var reader = new Utf8JsonReader(bytes.AsSpan(start), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var names = new HashSet<string>(StringComparer.Ordinal);
        int? lastMemberEnd = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new UserException($"{path} must hold one JSON object; fix it before adding a section.");
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject)
                    return (lastMemberEnd, start + (int)reader.TokenStartIndex, names);
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
                {
                    names.Add(reader.GetString()!);
                    reader.Read();
                    reader.Skip();
                    lastMemberEnd = start + (int)reader.BytesConsumed;
                }
            }
        }
        catch (JsonException e)
        {
            throw new UserException($"{path} is not valid JSON (line {e.LineNumber + 1}): {e.Message}; fix it before adding a section.");
        }
        throw new UserException($"{path} is not valid JSON (the root object is not closed); fix it before adding a section.");
    }

    private static void Write(string path, string text)
    {
        var temporary = path + ".partial";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
