using Experiments.Tests.Support;
using Experiments.Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Experiments.Tests.Xunit;

/// <summary>Test Explorer and <c>dotnet test</c> send test cases back to the test process as text; they must survive it.</summary>
public sealed class ExperimentTestCaseSerializationTests
{
    [Fact]
    public async Task A_point_round_trips_with_its_experiment_and_key()
    {
        var original = (ExperimentTestCase)(await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Run)))[7];

        var text = SerializationHelper.Instance.Serialize(original);
        var copy = Assert.IsType<ExperimentTestCase>(SerializationHelper.Instance.Deserialize(text));

        Assert.Equal(original.ExperimentName, copy.ExperimentName);
        Assert.Equal(original.PointKey, copy.PointKey);
        Assert.Equal(original.TestCaseDisplayName, copy.TestCaseDisplayName);
        Assert.Equal(original.UniqueID, copy.UniqueID);
        Assert.Equal(original.Explicit, copy.Explicit);
        Assert.Equal(original.SourceFilePath, copy.SourceFilePath);
        Assert.Equal(original.Traits[ExperimentTraits.Point], copy.Traits[ExperimentTraits.Point]);
        Assert.Equal(original.TestMethod.Method, copy.TestMethod.Method);
        Assert.Empty(copy.TestMethodArguments);
    }

    [Fact]
    public async Task A_deserialized_point_still_runs()
    {
        var original = (ExperimentTestCase)(await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Run)))[3];
        var copy = SerializationHelper.Instance.Deserialize<ExperimentTestCase>(SerializationHelper.Instance.Serialize(original))!;

        var run = await XunitObjects.RunAsync(copy);

        Assert.Contains($"Point: {original.PointKey}", run.Single<ITestPassed>().Output);
    }

    [Fact]
    public async Task The_unlisted_entry_round_trips()
    {
        var unlisted = (await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Huge))).Single(t => t is not ExperimentTestCase);

        var copy = Assert.IsType<XunitTestCase>(SerializationHelper.Instance.Deserialize(SerializationHelper.Instance.Serialize(unlisted)));

        Assert.Equal(unlisted.TestCaseDisplayName, copy.TestCaseDisplayName);
        Assert.Equal(unlisted.SkipReason, copy.SkipReason);
    }
}
