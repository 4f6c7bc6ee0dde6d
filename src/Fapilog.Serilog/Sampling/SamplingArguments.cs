using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace Fapilog.Serilog;

/// <summary>
/// Reads the <c>sampling</c> argument of <c>WriteTo.Fapilog</c> in <c>appsettings.json</c>: an object of
/// <see cref="FapilogSamplingOptions"/> in camel case, its rules as nested objects:
/// <c>{ "levelRates": { "Debug": 0.1 }, "rateLimit": { "limit": 100, "period": "00:00:01" }, "duplicateErrors": {} }</c>.
/// An unknown name fails naming it and the valid names; values are checked by the options' own validation.
/// </summary>
internal static class SamplingArguments
{
    private static readonly string[] Names = { "LevelRates", "ExemptLevels", "RateLimit", "Repeats", "DuplicateErrors" };
    private static readonly string[] RateLimitNames = { "Key", "Property", "Limit", "Period", "MaxKeys", "MaximumLevel" };
    private static readonly string[] RepeatNames = { "Key", "Property", "Window", "KeepEvery", "MaxKeys", "MaximumLevel" };
    private static readonly string[] DuplicateErrorNames = { "Window", "MaxKeys", "MinimumLevel" };

    public static FapilogSamplingOptions Read(IConfigurationSection section, OptionNaming naming)
    {
        var options = new FapilogSamplingOptions();
        var read = new JsonArgumentReader(naming, FapilogSamplingOptions.ValidValues);
        foreach (var entry in section.GetChildren())
        {
            switch (Known(entry, Names, naming, "sampling"))
            {
                case "LevelRates":
                    options.LevelRates = entry.GetChildren().ToDictionary(
                        rate => read.Enum(rate.Key, default(FapilogLevel), "LevelRates"),
                        rate => Rate(rate, naming));
                    break;
                case "ExemptLevels":
                    options.ExemptLevels = read.EnumList<FapilogLevel>(entry.GetChildren().Select(c => c.Value ?? string.Empty).ToArray(), "ExemptLevels")!;
                    break;
                case "RateLimit":
                    options.RateLimit = ReadRateLimit(entry, naming.Nested("RateLimit"));
                    break;
                case "Repeats":
                    options.Repeats = ReadRepeats(entry, naming.Nested("Repeats"));
                    break;
                default:
                    options.DuplicateErrors = ReadDuplicateErrors(entry, naming.Nested("DuplicateErrors"));
                    break;
            }
        }

        return options;
    }

    private static FapilogRateLimitOptions ReadRateLimit(IConfigurationSection section, OptionNaming naming)
    {
        var o = new FapilogRateLimitOptions();
        var read = new JsonArgumentReader(naming, option => FapilogRateLimitOptions.ValidValues(option, naming));
        foreach (var entry in section.GetChildren())
        {
            string? text = entry.Value;
            switch (Known(entry, RateLimitNames, naming, "rate limit"))
            {
                case "Key": o.Key = read.Enum(text, o.Key, "Key"); break;
                case "Property": o.Property = text; break;
                case "Limit": o.Limit = read.Int32(text, o.Limit, "Limit"); break;
                case "Period": o.Period = read.TimeSpan(text, o.Period, "Period"); break;
                case "MaxKeys": o.MaxKeys = read.Int32(text, o.MaxKeys, "MaxKeys"); break;
                default: o.MaximumLevel = read.Enum(text, o.MaximumLevel, "MaximumLevel"); break;
            }
        }

        return o;
    }

    private static FapilogRepeatOptions ReadRepeats(IConfigurationSection section, OptionNaming naming)
    {
        var o = new FapilogRepeatOptions();
        var read = new JsonArgumentReader(naming, option => FapilogRepeatOptions.ValidValues(option, naming));
        foreach (var entry in section.GetChildren())
        {
            string? text = entry.Value;
            switch (Known(entry, RepeatNames, naming, "repeat"))
            {
                case "Key": o.Key = read.Enum(text, o.Key, "Key"); break;
                case "Property": o.Property = text; break;
                case "Window": o.Window = read.TimeSpan(text, o.Window, "Window"); break;
                case "KeepEvery": o.KeepEvery = read.Int32(text, o.KeepEvery, "KeepEvery"); break;
                case "MaxKeys": o.MaxKeys = read.Int32(text, o.MaxKeys, "MaxKeys"); break;
                default: o.MaximumLevel = read.Enum(text, o.MaximumLevel, "MaximumLevel"); break;
            }
        }

        return o;
    }

    private static FapilogDuplicateErrorOptions ReadDuplicateErrors(IConfigurationSection section, OptionNaming naming)
    {
        var o = new FapilogDuplicateErrorOptions();
        var read = new JsonArgumentReader(naming, option => FapilogDuplicateErrorOptions.ValidValues(option, naming));
        foreach (var entry in section.GetChildren())
        {
            string? text = entry.Value;
            switch (Known(entry, DuplicateErrorNames, naming, "duplicate-error"))
            {
                case "Window": o.Window = read.TimeSpan(text, o.Window, "Window"); break;
                case "MaxKeys": o.MaxKeys = read.Int32(text, o.MaxKeys, "MaxKeys"); break;
                default: o.MinimumLevel = read.Enum(text, o.MinimumLevel, "MinimumLevel"); break;
            }
        }

        return o;
    }

    private static double Rate(IConfigurationSection rate, OptionNaming naming) =>
        double.TryParse(rate.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw naming.OutOfRange("LevelRates", $"{rate.Key}: {rate.Value}", FapilogSamplingOptions.ValidValues("LevelRates"));

    /// <summary>The option <paramref name="entry"/> names, in its declared spelling; an unknown name fails, listing the valid ones.</summary>
    private static string Known(IConfigurationSection entry, IReadOnlyList<string> names, OptionNaming naming, string what) =>
        names.FirstOrDefault(n => string.Equals(n, entry.Key, StringComparison.OrdinalIgnoreCase))
        ?? throw OptionNaming.Error(
            $"{naming.Subject(entry.Key)} is not a {what} option; valid options are {string.Join(", ", names.Select(naming.ParamName))}.",
            naming.ParamName(entry.Key));
}
