namespace Experiments.Backends.AwsBatch.Client;

/// <summary>What to check when AWS Batch refuses an operation, said next to AWS's own message.</summary>
internal static class AwsBatchHints
{
    public static string For(string operation, int status, string? code)
    {
        if (status is 401 or 403 || code is "UnrecognizedClientException" or "AccessDeniedException" or "InvalidSignatureException"
            or "ExpiredTokenException" or "IncompleteSignature" or "MissingAuthenticationToken")
            return $"Check the AWS credentials (expired session? 'aws sts get-caller-identity' shows who you are) and that they allow batch:{operation} in this region.";
        return operation switch
        {
            "SubmitJob" => "Check that the job queue exists in this region and is ENABLED and VALID ('aws batch describe-job-queues'), " +
                "that the job definition is ACTIVE, and that the array size is 2–10,000.",
            "RegisterJobDefinition" => "Check the image name, the vCPU/memory/GPU values (memory in MiB, at least 4), the retry attempts (1–10), " +
                "the timeout (at least 60 s) and any IAM role ARNs.",
            "DescribeJobDefinitions" => "Check the job definition name.",
            "ListJobs" => "Check the job queue name or the array job id.",
            "DescribeJobs" => "Check the job ids (at most 100 per call).",
            "TerminateJob" => "Check the job id.",
            _ => "Check the request's values.",
        };
    }
}
