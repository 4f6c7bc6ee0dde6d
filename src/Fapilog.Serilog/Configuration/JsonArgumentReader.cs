using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Reads the text arguments of the <c>appsettings.json</c> overloads, so that a value that does not parse fails
/// naming the argument, the text and the accepted values, in the shape of every other configuration error.
/// </summary>
/// <remarks>
/// Serilog.Settings.Configuration converts an argument to the parameter's type before it calls the method
/// (<c>Enum.Parse</c>, <c>TimeSpan.Parse</c>, <c>Convert.ChangeType</c>) and its errors name neither the argument
/// nor the valid values. Taking text and parsing it here moves that failure into our code. The rules:
/// enum names in any case (numbers are not names); integers and booleans in the invariant culture; time spans as
/// <c>[d.]hh:mm:ss[.fff]</c> with at least one colon (a bare <c>"100"</c> would mean 100 days), or <c>Infinite</c>
/// where an infinite wait is allowed. A <see langword="null"/> text is an argument not given: the default applies.
/// Ranges are checked afterwards by the options' own validation, with the same naming. An output of another package
/// reads its own <c>appsettings.json</c> overload with it (<c>docs/delivery-seam.md</c>).
/// </remarks>
public sealed class JsonArgumentReader
{
    private readonly OptionNaming _naming;
    private readonly Func<string, string> _validValues;

    /// <summary>A reader whose errors name the arguments as <paramref name="naming"/> does.</summary>
    /// <param name="naming">How the arguments are named in errors.</param>
    /// <param name="validValues">The description of an option's valid values, by property name.</param>
    public JsonArgumentReader(OptionNaming naming, Func<string, string> validValues)
    {
        _naming = naming ?? throw new ArgumentNullException(nameof(naming));
        _validValues = validValues ?? throw new ArgumentNullException(nameof(validValues));
    }

    /// <summary>
    /// The checks an <c>appsettings.json</c> overload makes before it reads its arguments: no argument of an entry
    /// <c>{ "Name": <paramref name="method"/>, "Args": { ... } }</c> of the configuration is unknown, and no options object
    /// was given. The valid names are the parameters (after the <see cref="IConfiguration"/>) of the public static
    /// methods named <paramref name="method"/> of <paramref name="extensions"/> whose second parameter is an
    /// <see cref="IConfiguration"/>; an <see cref="IConfigurationSection"/> parameter named <c>options</c> is there only
    /// so that an options object selects the overload and is rejected here.
    /// </summary>
    /// <param name="sinkConfiguration">The sink configuration the overload was called on.</param>
    /// <param name="appConfiguration">The application's configuration, which Serilog.Settings.Configuration passes to an <see cref="IConfiguration"/> parameter.</param>
    /// <param name="method">The configuration method's name, such as <c>FapilogPostgreSql</c>.</param>
    /// <param name="options">The overload's <c>options</c> argument: anything but <see langword="null"/> is rejected.</param>
    /// <param name="extensions">The class that declares the overload.</param>
    /// <exception cref="ArgumentException">An argument is unknown, or an options object was given; the message names it and the valid arguments.</exception>
    public static void CheckArguments(
        LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string method,
        IConfigurationSection? options,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type extensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        JsonEntries.Check(sinkConfiguration, appConfiguration, method, options, extensions);
    }

    internal int Int32(string? text, int notGiven, string option) =>
        text is null ? notGiven : ParseInt32(text, option);

    /// <summary>An option whose empty value means "none" (<see langword="null"/>): an empty text, or JSON <c>null</c>.</summary>
    internal int? OptionalInt32(string? text, string option) =>
        string.IsNullOrWhiteSpace(text) ? null : ParseInt32(text, option);

    /// <summary>An option whose empty value means "none" (<see langword="null"/>): an empty text, or JSON <c>null</c>.</summary>
    internal long? OptionalInt64(string? text, string option) =>
        string.IsNullOrWhiteSpace(text) ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value
        : throw Bad(option, text);

    /// <summary><c>true</c> or <c>false</c>, in any case.</summary>
    /// <param name="text">The argument's text; <see langword="null"/> when it was not given.</param>
    /// <param name="notGiven">The value when it was not given.</param>
    /// <param name="option">The property's name, for the error.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The text is not a boolean.</exception>
    public bool Boolean(string? text, bool notGiven, string option) =>
        text is null ? notGiven
        : bool.TryParse(text.Trim(), out bool value) ? value
        : throw Bad(option, text);

    /// <summary>A time span written <c>[d.]hh:mm:ss[.fff]</c> (at least one colon), or <c>Infinite</c> when <paramref name="allowInfinite"/>.</summary>
    /// <param name="text">The argument's text; <see langword="null"/> when it was not given.</param>
    /// <param name="notGiven">The value when it was not given.</param>
    /// <param name="option">The property's name, for the error.</param>
    /// <param name="allowInfinite">Whether <c>Infinite</c> (<see cref="Timeout.InfiniteTimeSpan"/>) is accepted.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The text is not a time span in that form.</exception>
    public TimeSpan TimeSpan(string? text, TimeSpan notGiven, string option, bool allowInfinite = false) =>
        text is null ? notGiven : ParseTimeSpan(text, option, allowInfinite);

    /// <summary>An option whose empty value means "none" (<see langword="null"/>): an empty text, or JSON <c>null</c>.</summary>
    internal TimeSpan? OptionalTimeSpan(string? text, string option) =>
        string.IsNullOrWhiteSpace(text) ? null : ParseTimeSpan(text, option, allowInfinite: false);

    /// <summary>
    /// An enum name, in any case; <c>valid</c> lists the accepted values when the option is not a property of the
    /// options type (the level an output is restricted to).
    /// </summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="text">The argument's text; <see langword="null"/> when it was not given.</param>
    /// <param name="notGiven">The value when it was not given.</param>
    /// <param name="option">The property's name, for the error.</param>
    /// <param name="valid">The accepted values as the error lists them; <see langword="null"/> for the reader's own description of <paramref name="option"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The text is not one of the names.</exception>
    public TEnum Enum<TEnum>(string? text, TEnum notGiven, string option, string? valid = null)
        where TEnum : struct, Enum
    {
        if (text is null)
        {
            return notGiven;
        }

        string trimmed = text.Trim();
        foreach (string name in System.Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return System.Enum.Parse<TEnum>(name);
            }
        }

        throw Bad(option, text, valid);
    }

    /// <summary>The <c>restrictedToMinimumLevel</c> of every method: a Serilog level name. The default is <c>Verbose</c>.</summary>
    /// <param name="text">The argument's text; <see langword="null"/> when it was not given.</param>
    /// <returns>The level.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The text is not a level's name.</exception>
    public LogEventLevel Level(string? text) =>
        Enum(text, LogEventLevel.Verbose, "RestrictedToMinimumLevel", OptionNaming.Names<LogEventLevel>());

    /// <summary>A list of enum names; an empty list is allowed (JSON <c>[]</c>).</summary>
    internal TEnum[]? EnumList<TEnum>(string[]? texts, string option)
        where TEnum : struct, Enum =>
        texts is null ? null : Array.ConvertAll(texts, text => Enum(text ?? string.Empty, default(TEnum), option));

    private int ParseInt32(string text, string option) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw Bad(option, text);

    private TimeSpan ParseTimeSpan(string text, string option, bool allowInfinite)
    {
        string trimmed = text.Trim();
        if (allowInfinite && string.Equals(trimmed, "Infinite", StringComparison.OrdinalIgnoreCase))
        {
            return Timeout.InfiniteTimeSpan;
        }

        return trimmed.Contains(':', StringComparison.Ordinal)
            && System.TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(option, text);
    }

    private ArgumentOutOfRangeException Bad(string option, string text, string? valid = null) =>
        _naming.OutOfRange(option, text, valid ?? _validValues(option));
}
