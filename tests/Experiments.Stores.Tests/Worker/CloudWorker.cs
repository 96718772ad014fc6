using System.Diagnostics;
using Experiments.TestSupport;

namespace Experiments.Stores.Tests.Worker;

/// <summary>Runs a built Sweeps app as a cloud batch task would: worker settings only in the environment.</summary>
public static class CloudWorker
{
    public static IReadOnlyDictionary<string, string?> Environment(
        IReadOnlyDictionary<string, string?> service, string plan, string store, int arrayIndex, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>(service)
        {
            ["EXPERIMENTS_PLAN"] = plan,
            ["EXPERIMENTS_STORE"] = store,
            ["AWS_BATCH_JOB_ARRAY_INDEX"] = arrayIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in more)
            environment[name] = value;
        return environment;
    }

    public static Task<ProcessResult> RunAsync(string outputDirectory, IReadOnlyDictionary<string, string?> environment) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(outputDirectory, "Sweeps.dll")], outputDirectory, environment, TimeSpan.FromMinutes(2));

    public static Process Start(string outputDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var process = new Process
        {
            StartInfo = ProcessRunner.StartInfo("dotnet", [Path.Combine(outputDirectory, "Sweeps.dll")], outputDirectory, environment),
        };
        process.Start();
        return process;
    }
}
