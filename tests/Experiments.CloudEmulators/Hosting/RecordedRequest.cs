using Experiments.CloudEmulators.Contracts;

namespace Experiments.CloudEmulators.Hosting;

/// <summary>One request an emulator received and how it answered, for tests that count API calls.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The raw path, without the query.</param>
/// <param name="Operation">The definition's operation id, when the request matched one.</param>
/// <param name="Status">The status sent; <see cref="Dropped"/> when the connection was dropped instead.</param>
public sealed record RecordedRequest(string Method, string Path, string? Operation, int Status)
{
    public const int Dropped = 0;

    /// <summary>The query string as sent (with its '?'; empty when none), for tests that look for what must not travel.</summary>
    public string Query { get; init; } = "";

    /// <summary>The body as received (inflated when gzipped), for tests that look for what must not travel.</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>From the request's arrival to its answer being ready (body read, checked and handled; for a proxy, the upstream's answer too).</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>A request that broke the service's API definition: the emulator answered 400 and recorded it here.</summary>
public sealed record RecordedViolation(string Method, string PathAndQuery, ContractViolation Violation)
{
    public override string ToString() => $"{Method} {PathAndQuery}: {Violation}";
}
