using System.Globalization;
using System.Text;
using Experiments.CloudEmulators.Contracts;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.Storage;

/// <summary>
/// The GCE metadata server's token endpoints on 127.0.0.1, so that Google.Apis.Auth's <c>ComputeCredential</c> gets
/// tokens when <c>GCE_METADATA_HOST</c> is set to <see cref="Host"/>. Every request must carry
/// <c>Metadata-Flavor: Google</c> (403 otherwise, as on a VM); every answer carries it back.
/// </summary>
public sealed class MetadataServerEmulator : EmulatorHost
{
    private const string TokenPath = "/computeMetadata/v1/instance/service-accounts/default/token";
    private int _issued;

    /// <summary>The project id answered at <c>/computeMetadata/v1/project/project-id</c>.</summary>
    public string ProjectId { get; init; } = "emulated-project";

    /// <summary>The service account e-mail answered for the default account.</summary>
    public string ServiceAccountEmail { get; init; } = "worker@emulated-project.iam.gserviceaccount.com";

    /// <summary>host:port, the value for <c>GCE_METADATA_HOST</c>.</summary>
    public string Host => BaseUri.Authority;

    /// <summary>The access tokens handed out so far, in order.</summary>
    public IReadOnlyList<string> IssuedTokens => Enumerable.Range(1, Volatile.Read(ref _issued)).Select(TokenNumber).ToArray();

    protected override string? Unauthorized(EmulatorRequest request) =>
        request.Header("Metadata-Flavor") == "Google" ? null : "Missing Metadata-Flavor:Google header.";

    // The metadata server has no published API definition to check requests against.
    protected override OperationMatch? FindOperation(string method, string path) => null;

    protected override IReadOnlyList<ContractViolation> Validate(EmulatorRequest request) => [];

    protected override EmulatorReply Error(int status, string code, string message, IReadOnlyList<ContractViolation>? violations = null) =>
        Text(status == 401 ? 403 : status, message);

    protected override EmulatorReply Throttled() => Text(429, "Too many requests (emulated throttling).");

    protected override Task<EmulatorReply> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken) =>
        Task.FromResult((request.Method, request.Path) switch
        {
            ("GET", "/" or "/computeMetadata/v1/" or "/computeMetadata/v1") => Text(200, "computeMetadata/\n"),
            ("GET", TokenPath) => Token(),
            ("GET", "/computeMetadata/v1/project/project-id") => Text(200, ProjectId),
            ("GET", "/computeMetadata/v1/instance/service-accounts/default/email") => Text(200, ServiceAccountEmail),
            _ => Text(404, $"{request.Path} is not served by this metadata emulator; it serves {TokenPath}, project/project-id and the default account's email."),
        });

    private EmulatorReply Token()
    {
        var number = Interlocked.Increment(ref _issued);
        return new EmulatorReply(200, new Dictionary<string, object> { ["access_token"] = TokenNumber(number), ["expires_in"] = 3599, ["token_type"] = "Bearer" },
            Headers: FlavorHeader());
    }

    private static string TokenNumber(int number) => "ya29.emulated-" + number.ToString(CultureInfo.InvariantCulture);

    private static EmulatorReply Text(int status, string text) =>
        new(status, Bytes: Encoding.UTF8.GetBytes(text), ContentType: "application/text", Headers: FlavorHeader());

    private static Dictionary<string, string> FlavorHeader() => new() { ["Metadata-Flavor"] = "Google" };
}
