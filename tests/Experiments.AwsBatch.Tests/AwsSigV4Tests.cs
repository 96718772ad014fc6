using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Experiments.Backends.AwsBatch.Client;
using Experiments.TestSupport;

namespace Experiments.AwsBatch.Tests;

/// <summary>
/// The client's signature compared with botocore's SigV4 signer (the Python SDK moto is installed with) for the same
/// request, time and credentials: moto itself checks no signature, so this is where a wrong one would show.
/// </summary>
public sealed class AwsSigV4Tests
{
    private const string Botocore = """
        import json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        case = json.load(sys.stdin)
        request = AWSRequest(method="POST", url=case["url"], data=case["body"].encode(), headers=case["headers"])
        request.context["timestamp"] = case["amzDate"]
        auth = SigV4Auth(Credentials(case["accessKey"], case["secretKey"], case["token"]), "batch", case["region"])
        canonical = auth.canonical_request(request)
        signature = auth.signature(auth.string_to_sign(request, canonical), request)
        headers = auth.headers_to_sign(request)
        print("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (case["accessKey"], auth.scope(request).split("/", 1)[1], auth.signed_headers(headers), signature))
        """;

    [Theory]
    [InlineData("https://batch.eu-west-1.amazonaws.com/", "eu-west-1", null)]
    [InlineData("http://127.0.0.1:5010/", "us-east-1", "FwoGZXIvYXdzEXAMPLESESSIONTOKEN+/=")]
    public async Task The_signature_is_the_one_botocore_computes(string endpoint, string region, string? token)
    {
        var python = await PythonWithBotocoreAsync();
        var body = Encoding.UTF8.GetBytes("""{"jobName":"run-0-4","jobQueue":"queue","jobDefinition":"app:1","arrayProperties":{"size":5}}""");
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(endpoint), "v1/submitjob")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var signedAt = new DateTime(2026, 11, 21, 17, 5, 9, DateTimeKind.Utc);

        AwsSigV4.Sign(request, body, credentials, region, signedAt);

        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json",
            ["Host"] = request.Headers.Host!,
            ["X-Amz-Date"] = request.Headers.GetValues("x-amz-date").Single(),
            ["X-Amz-Content-SHA256"] = request.Headers.GetValues("x-amz-content-sha256").Single(),
        };
        if (token is not null)
            headers["X-Amz-Security-Token"] = request.Headers.GetValues("x-amz-security-token").Single();
        var input = JsonSerializer.Serialize(new
        {
            url = request.RequestUri!.ToString(), body = Encoding.UTF8.GetString(body), headers, amzDate = "20261121T170509Z",
            accessKey = credentials.AccessKey, secretKey = credentials.SecretKey, token, region,
        });
        var expected = await RunPythonAsync(python, input);

        Assert.Equal("20261121T170509Z", headers["X-Amz-Date"]);
        Assert.Equal(expected.Trim(), request.Headers.GetValues("Authorization").Single());
    }

    private static async Task<string> RunPythonAsync(string python, string input)
    {
        using var temp = new TempDirectory("sigv4");
        var script = temp.Combine("sign.py");
        var caseFile = temp.Combine("case.json");
        await File.WriteAllTextAsync(script, Botocore, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(caseFile, input, TestContext.Current.CancellationToken);
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", $"\"{python}\" sign.py < case.json"], temp.Path, timeout: TimeSpan.FromMinutes(1),
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }

    private static async Task<string> PythonWithBotocoreAsync()
    {
        foreach (var python in new[] { "python3", "/root/.pyenv/shims/python3", "/usr/bin/python3" })
        {
            try
            {
                var probe = await ProcessRunner.RunAsync(python, ["-c", "import botocore.auth"], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30),
                    cancellationToken: TestContext.Current.CancellationToken);
                if (probe.ExitCode == 0)
                    return python;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not there; try the next.
            }
        }
        Experiments.TestSupport.Services.RequiredService.Require("botocore", "no python3 with botocore (moto's dependency) was found", "sudo tests/Cloud/moto.sh");
        throw new InvalidOperationException("unreachable");
    }
}
