using System.Text.Json;
using Experiments.Schema;

namespace Experiments.Worker;

/// <summary>How one attempt of a point ended.</summary>
/// <param name="Status">Succeeded or failed.</param>
/// <param name="Result">The result JSON on success (null for a method that returns nothing).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Duration">Wall time of the attempt.</param>
/// <param name="Runaway">The point ignored its timeout or a stop request past the grace period and is still running on
/// some thread: the worker must record this outcome and exit, as nothing else stops it.</param>
/// <param name="Thrown">The exception the point threw, when it threw one: the IDE fails the test with it.</param>
internal sealed record AttemptOutcome(PointStatus Status, JsonElement? Result, PointError? Error, TimeSpan Duration, bool Runaway = false, Exception? Thrown = null);
