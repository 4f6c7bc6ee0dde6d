using System;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace Fapilog.Serilog.Outputs.Remote;

/// <summary>
/// Reads the arguments every network output's <c>appsettings.json</c> method shares: <c>url</c>, <c>headers</c> (an
/// object), <c>requestTimeout</c>, <c>name</c> and <c>delivery</c> (an object of <see cref="FapilogDeliveryOptions"/>
/// in camel case: <c>{ "batchSizeLimit": 500, "closeTimeout": "00:00:01" }</c>).
/// </summary>
internal static class RemoteArguments
{
    private static readonly string[] DeliveryNames =
    {
        nameof(FapilogDeliveryOptions.BatchSizeLimit), nameof(FapilogDeliveryOptions.BatchBytesLimit), nameof(FapilogDeliveryOptions.BatchTimeLimit),
        nameof(FapilogDeliveryOptions.BufferEventLimit), nameof(FapilogDeliveryOptions.BufferBytesLimit), nameof(FapilogDeliveryOptions.ProtectedMinimumLevel),
        nameof(FapilogDeliveryOptions.MinRetryDelay), nameof(FapilogDeliveryOptions.MaxRetryDelay), nameof(FapilogDeliveryOptions.RetryTimeLimit),
        nameof(FapilogDeliveryOptions.BreakerFailureThreshold), nameof(FapilogDeliveryOptions.BreakDuration), nameof(FapilogDeliveryOptions.CloseTimeout),
        nameof(FapilogDeliveryOptions.Spool), nameof(FapilogDeliveryOptions.SpoolDirectory), nameof(FapilogDeliveryOptions.SpoolBytesLimit),
    };

    /// <summary>Applies the shared arguments that were given to <paramref name="options"/> (the others keep their defaults).</summary>
    public static void Read(
        FapilogRemoteOptions options, OptionNaming naming, string? url, IConfigurationSection? headers, string? requestTimeout, string? name, IConfigurationSection? delivery)
    {
        var read = new JsonArgumentReader(naming, options.ValidValues);
        options.Url = url ?? options.Url;
        options.Name = name ?? options.Name;
        options.RequestTimeout = read.TimeSpan(requestTimeout, options.RequestTimeout, nameof(options.RequestTimeout));
        foreach (var header in headers?.GetChildren() ?? Enumerable.Empty<IConfigurationSection>())
        {
            options.Headers[header.Key] = header.Value ?? string.Empty;
        }

        if (delivery is not null)
        {
            ReadDelivery(options.Delivery, naming.Nested(nameof(options.Delivery)), delivery);
        }
    }

    /// <summary>Applies a <c>delivery</c> object's options to <paramref name="d"/>; an unknown name fails, naming the valid ones.</summary>
    internal static void ReadDelivery(FapilogDeliveryOptions d, OptionNaming naming, IConfigurationSection section)
    {
        var read = new JsonArgumentReader(naming, FapilogDeliveryOptions.ValidValues);
        foreach (var entry in section.GetChildren())
        {
            string? known = Array.Find(DeliveryNames, n => string.Equals(n, entry.Key, StringComparison.OrdinalIgnoreCase));
            string? text = entry.Value;
            switch (known)
            {
                case nameof(d.BatchSizeLimit): d.BatchSizeLimit = read.Int32(text, d.BatchSizeLimit, known); break;
                case nameof(d.BatchBytesLimit): d.BatchBytesLimit = read.Int32(text, d.BatchBytesLimit, known); break;
                case nameof(d.BatchTimeLimit): d.BatchTimeLimit = read.TimeSpan(text, d.BatchTimeLimit, known); break;
                case nameof(d.BufferEventLimit): d.BufferEventLimit = read.Int32(text, d.BufferEventLimit, known); break;
                case nameof(d.BufferBytesLimit): d.BufferBytesLimit = read.OptionalInt64(text, known) ?? d.BufferBytesLimit; break;
                case nameof(d.ProtectedMinimumLevel): d.ProtectedMinimumLevel = read.Enum(text, d.ProtectedMinimumLevel, known); break;
                case nameof(d.MinRetryDelay): d.MinRetryDelay = read.TimeSpan(text, d.MinRetryDelay, known); break;
                case nameof(d.MaxRetryDelay): d.MaxRetryDelay = read.TimeSpan(text, d.MaxRetryDelay, known); break;
                case nameof(d.RetryTimeLimit): d.RetryTimeLimit = read.TimeSpan(text, d.RetryTimeLimit, known); break;
                case nameof(d.BreakerFailureThreshold): d.BreakerFailureThreshold = read.Int32(text, d.BreakerFailureThreshold, known); break;
                case nameof(d.BreakDuration): d.BreakDuration = read.TimeSpan(text, d.BreakDuration, known); break;
                case nameof(d.CloseTimeout): d.CloseTimeout = read.TimeSpan(text, d.CloseTimeout, known); break;
                case nameof(d.Spool): d.Spool = read.Enum(text, d.Spool, known); break;
                case nameof(d.SpoolDirectory): d.SpoolDirectory = string.IsNullOrEmpty(text) ? null : text; break;
                case nameof(d.SpoolBytesLimit): d.SpoolBytesLimit = read.OptionalInt64(text, known) ?? d.SpoolBytesLimit; break;
                default:
                    throw OptionNaming.Error(
                        $"{naming.Subject(entry.Key)} is not a delivery option; valid options are {string.Join(", ", DeliveryNames.Select(naming.ParamName))}.",
                        naming.ParamName(entry.Key));
            }
        }
    }
}
