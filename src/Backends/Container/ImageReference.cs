using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Experiments.Backends.Container;

/// <summary>
/// A fully qualified image reference, <c>registry/repository:tag</c> (or <c>registry/repository@sha256:…</c>), as the
/// OCI distribution spec and Docker's reference grammar define its parts. The registry is always explicit: a cloud
/// backend must never push to or pull from Docker Hub by accident.
/// </summary>
public sealed partial record ImageReference
{
    /// <summary>The longest repository name registries accept (Docker's reference grammar; ECR allows 256 with the registry).</summary>
    public const int MaxRepositoryLength = 255;

    private ImageReference(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host with its port, if any: <c>123.dkr.ecr.eu-west-1.amazonaws.com</c>, <c>127.0.0.1:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository (the distribution spec's <c>&lt;name&gt;</c>): lowercase path components separated by <c>/</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag; null when the reference names a digest only.</summary>
    public string? Tag { get; }

    /// <summary>The manifest digest (<c>sha256:…</c>); null when the reference names a tag only.</summary>
    public string? Digest { get; }

    /// <summary>What the registry's manifest endpoint takes: the digest when there is one, else the tag.</summary>
    public string ManifestReference => Digest ?? Tag!;

    /// <summary>A reference to <paramref name="repository"/>:<paramref name="tag"/> in <paramref name="registry"/>; throws <see cref="FormatException"/> naming the bad part.</summary>
    public static ImageReference Create(string registry, string repository, string tag)
    {
        var problem = RegistryProblem(registry) ?? RepositoryProblem(repository) ?? TagProblem(tag);
        return problem is null ? new ImageReference(registry, repository, tag, null) : throw new FormatException(problem);
    }

    /// <summary>Parses <c>registry/repository[:tag][@digest]</c>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var problem) ? reference : throw new FormatException(problem);

    /// <summary>Parses <c>registry/repository[:tag][@digest]</c>; on failure <paramref name="problem"/> says what is wrong and what is valid.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? problem)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "An image reference is empty; write it as registry/repository:tag (e.g. mcr.microsoft.com/dotnet/runtime-deps:10.0).";
            return false;
        }
        var rest = text;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                problem = $"'{text}' has the digest '{digest}'; a digest is algorithm:hex, e.g. sha256: followed by 64 lowercase hex characters.";
                return false;
            }
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !LooksLikeRegistry(rest[..slash]))
        {
            problem = $"'{text}' names no registry; write the registry host first (registry/repository:tag, e.g. "
                + "mcr.microsoft.com/dotnet/runtime-deps:10.0 or 127.0.0.1:5000/team/app:1): Docker Hub short names are not used.";
            return false;
        }
        var registry = rest[..slash];
        var path = rest[(slash + 1)..];
        string? tag = null;
        // A ':' after the last '/' starts the tag; one before it belongs to the registry's port.
        var colon = path.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = path[(colon + 1)..];
            path = path[..colon];
        }
        if (tag is null && digest is null)
        {
            problem = $"'{text}' has no tag or digest; add one (registry/repository:tag or registry/repository@sha256:…).";
            return false;
        }
        problem = RegistryProblem(registry) ?? RepositoryProblem(path) ?? (tag is null ? null : TagProblem(tag));
        if (problem is not null)
        {
            problem = $"'{text}': {problem}";
            return false;
        }
        reference = new ImageReference(registry, path, tag, digest);
        return true;
    }

    /// <summary>Why <paramref name="registry"/> is not a registry host[:port], or null when it is one.</summary>
    public static string? RegistryProblem(string? registry)
    {
        if (string.IsNullOrEmpty(registry))
            return "The registry is empty; it is a host name with an optional port, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com, myregistry.azurecr.io, europe-west1-docker.pkg.dev or 127.0.0.1:5000.";
        if (registry.Contains("://", StringComparison.Ordinal))
            return $"The registry '{registry}' has a scheme; give the host only (e.g. myregistry.azurecr.io), and say whether it is plain HTTP separately.";
        if (!RegistryPattern().IsMatch(registry))
            return $"The registry '{registry}' is not a host name with an optional port (letters, digits, '-' and '.', then :PORT), e.g. myregistry.azurecr.io or 127.0.0.1:5000.";
        return null;
    }

    /// <summary>Why <paramref name="repository"/> is not a valid repository name, or null when it is one.</summary>
    public static string? RepositoryProblem(string? repository)
    {
        if (string.IsNullOrEmpty(repository))
            return "The repository is empty; it is one or more lowercase path components separated by '/', e.g. experiments/phase-transition.";
        if (repository.Length > MaxRepositoryLength)
            return $"The repository '{repository[..40]}…' is {repository.Length} characters long; registries accept at most {MaxRepositoryLength}.";
        if (!RepositoryPattern().IsMatch(repository))
        {
            return $"The repository '{repository}' is not a valid name: each '/'-separated component is lowercase letters and digits, "
                + "joined by single '.', '_' or '__', or by '-'s (e.g. experiments/phase-transition).";
        }
        return null;
    }

    /// <summary>Why <paramref name="tag"/> is not a valid tag, or null when it is one.</summary>
    public static string? TagProblem(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
            return "The tag is empty; a tag is 1 to 128 of letters, digits, '_', '.' and '-', not starting with '.' or '-'.";
        if (!TagPattern().IsMatch(tag))
            return $"The tag '{tag}' is not valid; a tag is 1 to 128 of letters, digits, '_', '.' and '-', not starting with '.' or '-'.";
        return null;
    }

    /// <summary>This reference with another tag (and no digest).</summary>
    public ImageReference WithTag(string tag) => Create(Registry, Repository, tag);

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    // Docker's rule for telling a registry from a Docker Hub namespace: it has a '.' or a ':', or is localhost.
    private static bool LooksLikeRegistry(string component) =>
        component.Contains('.', StringComparison.Ordinal) || component.Contains(':', StringComparison.Ordinal) || component == "localhost";

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();

    // The distribution spec's <name> pattern.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    // The distribution spec's <reference> pattern for tags.
    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();
}
