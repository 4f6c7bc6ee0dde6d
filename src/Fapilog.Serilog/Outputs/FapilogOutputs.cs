using System;
using System.IO;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Builds the outputs from their options: the one place the configuration extensions (and the pipeline's
/// non-blocking one-liners) create a file or console sink.
/// </summary>
internal static class FapilogOutputs
{
    /// <summary>Validates the options and creates the rotating file sink (no I/O until the first batch).</summary>
    public static RollingFileSink CreateFile(FapilogFileOptions options, LogEventLevel minimumLevel = LogEventLevel.Verbose)
        => CreateFile(options, minimumLevel, OptionNaming.FileOptions);

    /// <summary>
    /// Validates the options, naming a wrong one as <paramref name="naming"/> does (the flat overloads name their
    /// arguments), and creates the rotating file sink.
    /// </summary>
    public static RollingFileSink CreateFile(FapilogFileOptions options, LogEventLevel minimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(naming);
        IUtf8EventFormatter formatter = options.Formatter is { } text
            ? new TextFormatterAdapter(text)
            : FormatterFactory.Create(options.Format);
        return new RollingFileSink(options, formatter, minimumLevel);
    }

    /// <summary>Creates the console sink on the process's standard output.</summary>
    public static ConsoleSink CreateConsole(
        FapilogConsoleFormat format, FapilogFormat jsonFormat, LogEventLevel minimumLevel = LogEventLevel.Verbose)
        => CreateConsole(format, jsonFormat, ConsoleTarget.Detect(), Console.OpenStandardOutput(), FormatterFactory.Create, minimumLevel);

    /// <summary>Creates the console sink from what the form above detects (the target, the stream), passed in.</summary>
    internal static ConsoleSink CreateConsole(
        FapilogConsoleFormat format,
        FapilogFormat jsonFormat,
        ConsoleTarget target,
        Stream output,
        Func<FapilogFormat, IUtf8EventFormatter> jsonFormatters,
        LogEventLevel minimumLevel = LogEventLevel.Verbose)
    {
        ValidateConsole(format, jsonFormat);
        IUtf8EventFormatter formatter = target.UsePretty(format)
            ? new PrettyConsoleFormatter(target.UseColour)
            : jsonFormatters(jsonFormat);
        return new ConsoleSink(formatter, output, minimumLevel);
    }

    internal static void ValidateConsole(FapilogConsoleFormat format, FapilogFormat jsonFormat)
    {
        var naming = OptionNaming.ConsoleArguments;
        if (!Enum.IsDefined(format))
        {
            throw naming.OutOfRange("Format", OptionNaming.Show((int)format), ConsoleValidValues("Format"));
        }

        if (!Enum.IsDefined(jsonFormat))
        {
            throw naming.OutOfRange("JsonFormat", OptionNaming.Show((int)jsonFormat), ConsoleValidValues("JsonFormat"));
        }
    }

    /// <summary>The values each argument of the console output accepts, as the messages list them.</summary>
    internal static string ConsoleValidValues(string option) => option switch
    {
        "Format" => OptionNaming.Names<FapilogConsoleFormat>(),
        "JsonFormat" => OptionNaming.Names<FapilogFormat>(),
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not an argument of WriteTo.FapilogConsole."),
    };
}
