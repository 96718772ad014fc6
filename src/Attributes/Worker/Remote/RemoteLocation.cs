namespace Experiments.Worker.Remote;

/// <summary>What the worker needs to know of a store or plan location given as a URI.</summary>
internal static class RemoteLocation
{
    /// <summary>
    /// A URI with a scheme other than <c>file</c> (one letter is a Windows drive, not a scheme); null for a local path.
    /// </summary>
    public static Uri? TryParse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile || uri.Scheme.Length < 2)
            return null;
        return text.Contains("://", StringComparison.Ordinal) ? uri : null;
    }

    /// <summary>Splits <c>…/prefix/plan.json?sas</c> into the store that holds it (<c>…/prefix?sas</c>) and its name.</summary>
    public static (Uri Parent, string Name) SplitObject(Uri objectUri)
    {
        var path = objectUri.AbsolutePath;
        var slash = path.LastIndexOf('/');
        var name = Uri.UnescapeDataString(path[(slash + 1)..]);
        if (slash < 0 || name.Length == 0)
            throw new WorkerInvocationException($"The plan location {Display(objectUri)} names no object (it ends in '/').");
        var parent = new UriBuilder(objectUri) { Path = path[..slash] };
        return (parent.Uri, name);
    }

    /// <summary>The location without its query (where a SAS token would be) or user information.</summary>
    public static string Display(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
