using Experiments.Tool.Errors;

namespace Experiments.Tool.Reporting;

/// <summary>Which result field a figure shows: <c>--metric</c>, else the first bool field (a success rate), else the first number.</summary>
public static class MetricChoice
{
    public static ResultField? Choose(ExperimentAggregate aggregate, string? requested)
    {
        var fields = aggregate.Fields.All;
        if (requested is not null)
        {
            return aggregate.Fields.Find(requested) ?? throw new UserException(
                $"--metric '{requested}' is not a numeric or bool result field of {aggregate.Experiment}. "
                + (fields.Count == 0 ? "Its results have none." : $"Valid: {string.Join(", ", fields.Select(f => f.Name))}."));
        }
        return fields.FirstOrDefault(f => f.Kind == FieldKind.Bool) ?? fields.FirstOrDefault();
    }

    /// <summary>What a drawn value is: "fraction of recovered", "mean relativeError".</summary>
    public static string Describe(ResultField metric) =>
        metric.Kind == FieldKind.Bool ? $"fraction {metric.Name}" : $"mean {metric.Name}";
}
