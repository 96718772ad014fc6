using System.Text.Json;
using Experiments.CloudEmulators.Contracts;

namespace Experiments.CloudEmulators.Hosting;

/// <summary>
/// An emulator of a Google API described by a discovery document: every request needs a bearer token and is checked
/// against the document, and so is every successful answer. Error bodies and throttling are each emulator's own.
/// </summary>
public abstract class GoogleApiEmulator(DiscoveryContract contract) : EmulatorHost
{
    protected override string? Unauthorized(EmulatorRequest request) => GoogleErrors.RequireBearer(request);

    protected override OperationMatch? FindOperation(string method, string path) => contract.FindOperation(method, path);

    protected override IReadOnlyList<ContractViolation> Validate(EmulatorRequest request) =>
        contract.Validate(request.Method, request.Path, request.Query, request.Body);

    // Google's error bodies have no schema in the discovery document; successful answers do.
    protected override IReadOnlyList<ContractViolation> ValidateReply(EmulatorRequest request, int status, JsonElement json) =>
        status is >= 200 and < 300 ? contract.ValidateResponse(request.Method, request.Path, json) : [];
}
