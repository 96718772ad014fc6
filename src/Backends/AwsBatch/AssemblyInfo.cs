using System.Runtime.CompilerServices;

// The signer and connection resolution are internal; their tests compare them with botocore and the SDK's chain.
[assembly: InternalsVisibleTo("Experiments.AwsBatch.Tests")]
