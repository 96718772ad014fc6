using System.Collections.Concurrent;
using Experiments.Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Experiments.Tests.Support;

/// <summary>The xunit object model around a method, built the way xunit's own discovery builds it.</summary>
internal static class XunitObjects
{
    public static IXunitTestMethod TestMethod(Type type, string methodName)
    {
        var assembly = new XunitTestAssembly(type.Assembly);
        var collection = new XunitTestCollection(assembly, null, false, "Test collection for " + type.FullName);
        var testClass = new XunitTestClass(type, collection);
        return new XunitTestMethod(testClass, type.GetMethod(methodName)!, []);
    }

    public static IFactAttribute ExperimentAttributeOf(IXunitTestMethod method) =>
        method.FactAttributes.OfType<ExperimentAttribute>().Single();

    public static async Task<IReadOnlyList<IXunitTestCase>> DiscoverAsync(Type type, string methodName, DiscoveryOptions? options = null)
    {
        var method = TestMethod(type, methodName);
        var testCases = await new ExperimentDiscoverer().Discover(options ?? new DiscoveryOptions(), method, ExperimentAttributeOf(method));
        return testCases.ToList();
    }

    /// <summary>Runs a test case through xunit's pipeline in this process and returns the messages it sent.</summary>
    public static async Task<RecordingMessageBus> RunAsync(IXunitTestCase testCase, ExplicitOption explicitOption = ExplicitOption.On)
    {
        var bus = new RecordingMessageBus();
        using var cancellation = new CancellationTokenSource();
        if (testCase is ISelfExecutingXunitTestCase selfExecuting)
            await selfExecuting.Run(explicitOption, bus, [], new ExceptionAggregator(), cancellation);
        else
            await XunitRunnerHelper.RunXunitTestCase(testCase, bus, cancellation, new ExceptionAggregator(), explicitOption, []);
        return bus;
    }
}

/// <summary>Discovery options with xunit's defaults unless set.</summary>
internal sealed class DiscoveryOptions : ITestFrameworkDiscoveryOptions
{
    private readonly Dictionary<string, string?> _values = new();

    public TValue GetValue<TValue>(string name) =>
        _values.TryGetValue(name, out var text) && text is not null ? (TValue)Convert.ChangeType(text, Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue)) : default!;

    public void SetValue<TValue>(string name, TValue value) => _values[name] = value?.ToString();

    public string ToJson() => "{}";
}

/// <summary>Keeps every message a run sends.</summary>
internal sealed class RecordingMessageBus : IMessageBus
{
    private readonly ConcurrentQueue<IMessageSinkMessage> _messages = new();

    public IReadOnlyList<IMessageSinkMessage> Messages => _messages.ToArray();

    public bool QueueMessage(IMessageSinkMessage message)
    {
        _messages.Enqueue(message);
        return true;
    }

    public T Single<T>() where T : IMessageSinkMessage => Messages.OfType<T>().Single();

    public void Dispose()
    {
    }
}
