using Experiments.Backends;
using Experiments.Tool.Backends;
using Experiments.Tool.Config;
using Experiments.Tool.Journal;
using Experiments.Tool.Projects;

namespace Experiments.Tool.Control;

/// <summary>A journaled run, its submissions, and its backend created again from the config file (for status and cancel).</summary>
public sealed record JournaledRun(RunJournal Journal, RunInfo Run, IReadOnlyList<Submission> Submissions)
{
    public static JournaledRun Find(string? projectOption, string? runId)
    {
        var projectFile = ProjectLocator.Locate(projectOption, Directory.GetCurrentDirectory());
        var journal = new RunJournal(Path.GetDirectoryName(projectFile)!);
        var run = journal.Find(runId);
        return new JournaledRun(journal, run, journal.ReadSubmissions(run.Id));
    }

    public Task<IExperimentBackend> CreateBackendAsync(CancellationToken cancellationToken) =>
        BackendCatalog.CreateAsync(
            Run.Backend,
            new BackendSetup(new BackendSettings(null), ExperimentsConfig.Load(Journal.ProjectDirectory, BackendCatalog.Names)),
            cancellationToken);
}
