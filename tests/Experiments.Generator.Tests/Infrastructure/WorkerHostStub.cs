namespace Experiments.Generator.Tests.Infrastructure;

/// <summary>
/// Stand-ins compiled into test compilations where generated code needs them but the Experiments assembly (or the test
/// platform's build step) does not provide them: the worker's entry (if not built yet) and the Microsoft Testing
/// Platform's generated SelfRegisteredExtensions class.
/// </summary>
internal static class WorkerHostStub
{
    /// <summary>Declares WorkerHost only when the referenced Experiments assembly lacks it.</summary>
    public static string Source => typeof(ExperimentAttribute).Assembly.GetType("Experiments.Worker.WorkerHost") is null
        ? """
          namespace Experiments.Worker
          {
              public static class WorkerHost
              {
                  public static bool IsWorkerInvocation(string[] args) => args.Length > 0 && args[0] == "--experiments-worker";
                  public static int Run(string[] args) => 0;
              }
          }
          """
        : "";

    public const string SelfRegisteredExtensions = """
        namespace Samples
        {
            internal static class SelfRegisteredExtensions
            {
                public static void AddSelfRegisteredExtensions(this global::Microsoft.Testing.Platform.Builder.ITestApplicationBuilder builder, string[] args)
                {
                }
            }
        }
        """;
}
