using System;
using System.Globalization;

namespace Fapilog.Serilog;

/// <summary>
/// How a configuration error names an option: as the property of an options object
/// (<c>FapilogPipelineOptions.QueueLimit</c>) or as the argument the user wrote, in code or in
/// <c>appsettings.json</c> (<c>WriteTo.Fapilog argument 'queueLimit'</c>).
/// </summary>
/// <remarks>
/// Every configuration error of this package has one shape,
/// <c>Fapilog: {who} {what}; valid {values|arguments} are {list}.</c>, so that a reader learns the option, the
/// value that was given and what would have been accepted from one line, whichever way the logger was configured.
/// An output of another package (built on <see cref="Delivery.FapilogDeliveryOutput"/>) words its own configuration
/// errors with it, so that they read like the core's: see <c>docs/delivery-seam.md</c>.
/// </remarks>
public sealed class OptionNaming
{
    internal static readonly OptionNaming PipelineOptions = new("FapilogPipelineOptions.", method: null);
    internal static readonly OptionNaming FileOptions = new("FapilogFileOptions.", method: null);
    internal static readonly OptionNaming PipelineArguments = new(typePrefix: null, "Fapilog");
    internal static readonly OptionNaming FileArguments = new(typePrefix: null, "FapilogFile");
    internal static readonly OptionNaming ConsoleArguments = new(typePrefix: null, "FapilogConsole");
    internal static readonly OptionNaming HttpOptions = ForOptions(nameof(FapilogHttpOptions));
    internal static readonly OptionNaming HttpArguments = ForArguments("FapilogHttp");

    private readonly string? _typePrefix;
    private readonly string? _method;
    private readonly string _argumentPrefix;

    private OptionNaming(string? typePrefix, string? method, string argumentPrefix = "")
    {
        _typePrefix = typePrefix;
        _method = method;
        _argumentPrefix = argumentPrefix;
    }

    /// <summary>Options named as properties of <paramref name="typeName"/>: <c>FapilogSeqOptions.Url</c>.</summary>
    /// <param name="typeName">The options type's name, such as <c>FapilogSeqOptions</c>.</param>
    /// <returns>The naming.</returns>
    public static OptionNaming ForOptions(string typeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        return new(typeName + ".", method: null);
    }

    /// <summary>Options named as arguments of <c>WriteTo.<paramref name="method"/></c>, in code or in <c>appsettings.json</c>.</summary>
    /// <param name="method">The configuration method's name, such as <c>FapilogSeq</c>.</param>
    /// <returns>The naming.</returns>
    public static OptionNaming ForArguments(string method)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        return new(typePrefix: null, method);
    }

    /// <summary>
    /// The naming of a nested options object: <c>FapilogHttpOptions.Delivery.BatchSizeLimit</c> as a property,
    /// <c>WriteTo.FapilogHttp argument 'delivery.batchSizeLimit'</c> as an argument (a JSON object).
    /// </summary>
    /// <param name="property">The property that holds the nested options, such as <c>Delivery</c>.</param>
    /// <returns>The naming of the nested options.</returns>
    public OptionNaming Nested(string property) =>
        IsArgument ? new(null, _method, _argumentPrefix + Camel(property) + ".") : new(_typePrefix + property + ".", null);

    /// <summary>Whether options are named as arguments of a configuration method (code or JSON) rather than as properties.</summary>
    internal bool IsArgument => _method is not null;

    /// <summary>How an infinite wait is written: <c>Infinite</c> in an argument, <c>Timeout.InfiniteTimeSpan</c> on a property.</summary>
    internal string Infinite => IsArgument ? "Infinite" : "Timeout.InfiniteTimeSpan";

    /// <summary>The name the user wrote for <paramref name="property"/>: the property itself, or its argument (camel case).</summary>
    /// <param name="property">The property's name, such as <c>BatchSizeLimit</c>.</param>
    /// <returns>The name, such as <c>delivery.batchSizeLimit</c>; an exception's <see cref="ArgumentException.ParamName"/>.</returns>
    public string ParamName(string property) =>
        IsArgument ? _argumentPrefix + Camel(property) : property;

    private static string Camel(string property) => char.ToLowerInvariant(property[0]) + property[1..];

    /// <summary>The option as the messages name it.</summary>
    /// <param name="property">The property's name.</param>
    /// <returns><c>FapilogSeqOptions.Url</c>, or <c>WriteTo.FapilogSeq argument 'url'</c>.</returns>
    public string Subject(string property) =>
        IsArgument ? $"WriteTo.{_method} argument '{ParamName(property)}'" : _typePrefix + property;

    /// <summary>A value that is out of range or not one of the accepted names or forms.</summary>
    /// <param name="property">The property's name.</param>
    /// <param name="value">The value given, as <see cref="Show"/> writes it (never a secret).</param>
    /// <param name="valid">The values accepted, as a phrase: <c>at least 1</c>, <c>true, false</c>.</param>
    /// <returns>The exception to throw.</returns>
    public ArgumentOutOfRangeException OutOfRange(string property, string value, string valid) =>
        new(ParamName(property), $"Fapilog: {Subject(property)} has the value '{value}'; valid values are {valid}.");

    /// <summary>A value of the right kind that cannot be used (a path naming a folder).</summary>
    /// <param name="property">The property's name.</param>
    /// <param name="value">The value given, as <see cref="Show"/> writes it (never a secret).</param>
    /// <param name="valid">The values accepted, as a phrase.</param>
    /// <returns>The exception to throw.</returns>
    public ArgumentException Invalid(string property, string value, string valid) =>
        new($"Fapilog: {Subject(property)} has the value '{value}'; valid values are {valid}.", ParamName(property));

    /// <summary>A required option that was not given, or given empty.</summary>
    /// <param name="property">The property's name.</param>
    /// <param name="valid">The values accepted, as a phrase.</param>
    /// <returns>The exception to throw.</returns>
    public ArgumentException Missing(string property, string valid) =>
        new($"Fapilog: {Subject(property)} has no value; valid values are {valid}.", ParamName(property));

    /// <summary>An error in the same shape that is not about one value: an unknown argument, a sink entry that was skipped.</summary>
    internal static ArgumentException Error(string message, string paramName) => new($"Fapilog: {message}", paramName);

    /// <summary>A value as the messages show it: invariant, time spans in their constant ("c") form.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its text.</returns>
    public static string Show(object? value) => value switch
    {
        null => "null",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The names of an enum, in declaration order, as the messages list them: <c>Drop, Wait</c>.</summary>
    internal static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());

    /// <summary>The accepted time spans: the written form and the range, optionally with the infinite wait.</summary>
    internal string TimeSpans(TimeSpan min, TimeSpan max, bool allowInfinite) =>
        $"time spans written [d.]hh:mm:ss[.fff] from {Show(min)} to {Show(max)}" + (allowInfinite ? ", or " + Infinite : string.Empty);
}
