using Experiments.Backends;

namespace Benchmarks.CloudSubmission;

/// <summary>One backend against its emulator: each measurement starts from new emulator state, so counts are its own.</summary>
internal interface ISubmissionScenario
{
    /// <summary>The backend's name, as <c>--backend</c> takes it.</summary>
    string Backend { get; }

    /// <summary>What the Batch service is here (for the figures' caption).</summary>
    string Service { get; }

    /// <summary>What the object store is here.</summary>
    string Store { get; }

    /// <summary>Submits every task of the plan once, as the tool does, and returns what it cost.</summary>
    Task<Measurement> MeasureAsync(SubmitRequest request, CancellationToken cancellationToken);
}
