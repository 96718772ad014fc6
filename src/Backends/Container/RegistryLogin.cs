namespace Experiments.Backends.Container;

/// <summary>
/// A user name and password or token for one registry (ECR: <c>AWS</c> + the decoded authorization token's password;
/// ACR: <c>00000000-0000-0000-0000-000000000000</c> + a refresh token; Artifact Registry: <c>oauth2accesstoken</c> + an
/// access token). The secret never appears in <see cref="ToString"/>, so a login cannot leak into a log or message.
/// </summary>
public sealed record RegistryLogin(string UserName, string Password)
{
    public override string ToString() => $"RegistryLogin {{ UserName = {UserName}, Password = (hidden) }}";
}
