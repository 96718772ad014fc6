using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports, in one place. Ids are grouped by area: EXP001–019 the method and its
/// class, EXP020–049 parameters and their values, EXP050–059 resources, EXP060–069 results, EXP070–079 build
/// properties, EXP099 the generator itself. Keep AnalyzerReleases.Unshipped.md in step with this file.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Experiments";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    // ---- The method and its class (EXP001–019) ----

    public static readonly DiagnosticDescriptor MethodNotPublic = Error(
        "EXP001", "Experiment method must be public",
        "Experiment method '{0}' is {1}; an [Experiment] method must be public");

    public static readonly DiagnosticDescriptor MethodIsGeneric = Error(
        "EXP002", "Experiment method must not be generic",
        "Experiment method '{0}' is generic; an [Experiment] method cannot have type parameters, because every point must be callable without choosing types (make an axis of an enum instead)");

    public static readonly DiagnosticDescriptor TypeNotPublic = Error(
        "EXP003", "Experiment class must be public",
        "Experiment '{0}' is declared in '{1}', which is {2}; the class of an [Experiment] method, and every class containing it, must be public");

    public static readonly DiagnosticDescriptor TypeIsGeneric = Error(
        "EXP004", "Experiment class must not be generic",
        "Experiment '{0}' is declared in generic type '{1}'; an [Experiment] method must be in a non-generic class (and not nested in a generic one)");

    public static readonly DiagnosticDescriptor TypeIsAbstract = Error(
        "EXP005", "Experiment class must not be abstract",
        "Experiment '{0}' is declared in abstract class '{1}'; an [Experiment] method must be in a concrete class (a static class is fine)");

    public static readonly DiagnosticDescriptor TypeNotClass = Error(
        "EXP006", "Experiment must be declared in a class",
        "Experiment '{0}' is declared in {1} '{2}'; an [Experiment] method must be declared in a class");

    public static readonly DiagnosticDescriptor NoParameterlessConstructor = Error(
        "EXP007", "Experiment class needs a public parameterless constructor",
        "Experiment '{0}' is an instance method, but '{1}' has no public parameterless constructor to create it with; add one, or make the method static");

    public static readonly DiagnosticDescriptor NotAnOrdinaryMethod = Error(
        "EXP008", "[Experiment] must be on an ordinary method",
        "[Experiment] is on {0}; it must be on an ordinary method declared in a class");

    public static readonly DiagnosticDescriptor AsyncVoid = Error(
        "EXP009", "Experiment method must not be async void",
        "Experiment method '{0}' is async void, so its completion and exceptions cannot be observed; return Task or Task<T> instead");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "EXP010", "Experiment result type is not supported",
        "Experiment method '{0}' returns '{1}', which cannot be recorded: {2}");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        "EXP011", "Experiment names must be unique",
        "Experiment name '{0}' is used by {1} methods ({2}); give each a different [Experiment(Name = \"...\")]");

    public static readonly DiagnosticDescriptor InvalidName = Error(
        "EXP012", "Experiment name is not valid",
        "Experiment name '{0}' is not valid: {1}; a name is letters, digits, '.', '_' and '-', like 'Samples.PhaseTransition.Run'");

    public static readonly DiagnosticDescriptor SharedResultsFile = Error(
        "EXP013", "Two experiments would write the same results file",
        "Experiment '{0}' would write its results to '{1}', as {2} does, so each run would mark the other's points stale; move one method to a class of another name or to another folder");

    // ---- Parameters and their values (EXP020–049) ----

    public static readonly DiagnosticDescriptor ParameterHasNoSource = Error(
        "EXP020", "Experiment parameter has no values",
        "Parameter '{0}' of type '{1}' has no values; give it [Grid(...)], [Range(start, stop, step)] or [Replicates(n)] (only bool and enum parameters take all their values without an attribute)");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        "EXP021", "Experiment parameter type is not supported",
        "Parameter '{0}' has type '{1}', which cannot be an axis; axis types are bool, char, string, enums, sbyte, byte, short, ushort, int, uint, long, ulong, float, double and decimal, and ExperimentContext and CancellationToken parameters are injected");

    public static readonly DiagnosticDescriptor ParameterModifier = Error(
        "EXP022", "Experiment parameter must be passed by value",
        "Parameter '{0}' is declared '{1}'; experiment parameters must be plain by-value parameters (no ref, out, in, ref readonly or params)");

    public static readonly DiagnosticDescriptor MultipleSources = Error(
        "EXP023", "Experiment parameter has more than one source of values",
        "Parameter '{0}' has both [{1}] and [{2}]; give each parameter exactly one of [Grid], [Range] and [Replicates]");

    public static readonly DiagnosticDescriptor DuplicateInjectedParameter = Error(
        "EXP024", "Injected parameter declared twice",
        "Parameter '{0}' is a second {1} parameter; an experiment method may take at most one {1}");

    public static readonly DiagnosticDescriptor SourceOnInjectedParameter = Error(
        "EXP025", "Injected parameter cannot have values",
        "Parameter '{0}' of type {1} is injected for each point; remove [{2}] from it");

    public static readonly DiagnosticDescriptor GridValueNotConvertible = Error(
        "EXP026", "Grid value does not fit the parameter type",
        "Grid value {0} ({1}) cannot be a value of parameter '{2}' of type '{3}': {4}");

    public static readonly DiagnosticDescriptor GridEmpty = Error(
        "EXP027", "Grid has no values",
        "[Grid] on parameter '{0}' has no values; list at least one, e.g. [Grid(0.1, 0.2)]");

    public static readonly DiagnosticDescriptor GridDuplicateValue = Error(
        "EXP028", "Grid value listed twice",
        "Grid value {0} of parameter '{1}' is listed more than once (as {2}); each value of an axis must be distinct, because a point is identified by its values");

    public static readonly DiagnosticDescriptor GridValueNotConstant = Error(
        "EXP029", "Grid value is not a single constant",
        "Grid value {0} of parameter '{1}' is not valid: {2}");

    public static readonly DiagnosticDescriptor GridValueNotFinite = Error(
        "EXP030", "Grid value is not finite",
        "Grid value {0} of parameter '{1}' is not a finite number; NaN and infinities cannot be axis values");

    public static readonly DiagnosticDescriptor EnumValueNotDeclared = Error(
        "EXP031", "Grid value is not a declared enum member",
        "Grid value {0} of parameter '{1}' is not a declared member of enum '{2}'; use one of its members ({3})");

    public static readonly DiagnosticDescriptor RangeUnsupportedType = Error(
        "EXP032", "Range on an unsupported parameter type",
        "[Range] is on parameter '{0}' of type '{1}'; a Range works on int, long, double and decimal parameters (use [Grid] for other types)");

    public static readonly DiagnosticDescriptor RangeStepZero = Error(
        "EXP033", "Range step is zero",
        "[Range] on parameter '{0}' has step 0, which never reaches the stop; use a non-zero step");

    public static readonly DiagnosticDescriptor RangeWrongDirection = Error(
        "EXP034", "Range step goes away from the stop",
        "[Range] on parameter '{0}' goes from {1} to {2} with step {3}, which moves away from the stop; use a {4} step");

    public static readonly DiagnosticDescriptor RangeNotFinite = Error(
        "EXP035", "Range bound or step is not finite",
        "[Range] {0} of parameter '{1}' is {2}; start, stop and step must be finite numbers");

    public static readonly DiagnosticDescriptor RangeTypeMismatch = Error(
        "EXP036", "Range bounds do not fit the parameter type",
        "[Range] on parameter '{0}' of type '{1}' has {2} start, stop and step, which would narrow to {1}; write {3}");

    public static readonly DiagnosticDescriptor ReplicatesNotInt = Error(
        "EXP037", "Replicates on a non-int parameter",
        "[Replicates] is on parameter '{0}' of type '{1}'; it must be on an int parameter (it takes 0 … n − 1)");

    public static readonly DiagnosticDescriptor ReplicatesNotPositive = Error(
        "EXP038", "Replicates count is not positive",
        "[Replicates({0})] on parameter '{1}' must have a count of at least 1");

    public static readonly DiagnosticDescriptor AxisTooLarge = Error(
        "EXP039", "Axis has too many values",
        "Parameter '{0}' has {1} values; an axis may have at most {2:N0}");

    public static readonly DiagnosticDescriptor GridTooLarge = Error(
        "EXP040", "Experiment has too many points",
        "Experiment '{0}' has more points than a 64-bit count can hold ({1}); reduce the number of values");

    public static readonly DiagnosticDescriptor EnumHasNoMembers = Error(
        "EXP041", "Enum parameter has no values",
        "Parameter '{0}' is of enum type '{1}', which declares no members; give the enum members or the parameter a [Grid]");

    public static readonly DiagnosticDescriptor RangeOutOfRange = Error(
        "EXP042", "Range cannot be computed exactly",
        "[Range] on parameter '{0}' cannot be computed exactly: {1}");

    // ---- Resources (EXP050–059) ----

    public static readonly DiagnosticDescriptor InvalidTimeout = Error(
        "EXP050", "Timeout is not valid",
        "Timeout \"{0}\" is not valid: {1}; write a positive TimeSpan (\"00:05:00\", \"1.12:00:00\") or a number with a unit (\"500ms\", \"90s\", \"5m\", \"2h\", \"1d\")");

    public static readonly DiagnosticDescriptor InvalidMemory = Error(
        "EXP051", "Memory is not valid",
        "Memory \"{0}\" is not valid: {1}; write a positive amount with a unit (\"512MiB\", \"2GiB\", \"4GB\", \"1TiB\", \"100MB\", \"1024KiB\") or plain bytes");

    public static readonly DiagnosticDescriptor NegativeRetries = Error(
        "EXP052", "Retries is negative",
        "Retries = {0} is negative; Retries is how many times a failed point is tried again (0 or more)");

    public static readonly DiagnosticDescriptor CpusNotPositive = Error(
        "EXP053", "Cpus is not positive",
        "Cpus = {0} is not valid; a point needs at least 1 CPU");

    public static readonly DiagnosticDescriptor NegativeGpus = Error(
        "EXP054", "Gpus is negative",
        "Gpus = {0} is negative; Gpus is how many GPUs a point needs (0 or more)");

    // ---- Results (EXP060–069) ----

    public static readonly DiagnosticDescriptor ResultUsesReflection = Warning(
        "EXP060", "Result is serialized with reflection",
        "The result of '{0}' contains '{1}'{2}, which cannot be written without knowing its run-time type; it is serialized with System.Text.Json's JsonSerializer (reflection, not trim- or AOT-safe). Use a concrete class, record or struct to have it written statically.");

    // ---- Build properties (EXP070–079) ----

    public static readonly DiagnosticDescriptor InvalidDiscoveryLimit = Warning(
        "EXP070", "ExperimentsDiscoveryLimit is not valid",
        "ExperimentsDiscoveryLimit '{0}' is not a whole number of 0 or more; using the default, {1}");

    // ---- The generator itself (EXP099) ----

    public static readonly DiagnosticDescriptor GeneratorFailure = Error(
        "EXP099", "The experiments generator failed",
        "The experiments generator failed on '{0}': {1}; this is a bug in Experiments, please report it with this message");
}
