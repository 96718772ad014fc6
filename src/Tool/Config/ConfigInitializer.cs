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
        var text = File.ReadAllText(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new UserException($"{path} is not valid JSON (line {e.LineNumber + 1}): {e.Message}; fix it before adding a section.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new UserException($"{path} must hold one JSON object; fix it before adding a section.");
            if (document.RootElement.TryGetProperty(backend, out _))
                throw new UserException($"{path} already has a \"{backend}\" section; edit it there (every key is described in the README).");
            var close = text.LastIndexOf('}');
            var before = text[..close].TrimEnd();
            var separator = document.RootElement.EnumerateObject().Any() && !before.EndsWith(',') ? "," : "";
            Write(path, before + separator + "\n" + template.TrimEnd() + "\n}\n");
        }
        return path;
    }

    private static void Write(string path, string text)
    {
        var temporary = path + ".partial";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
