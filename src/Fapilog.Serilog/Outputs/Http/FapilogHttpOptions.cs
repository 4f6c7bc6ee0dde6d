using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Fapilog.Serilog;

/// <summary>Options of the generic HTTP output (<c>WriteTo.FapilogHttp(...)</c>): where to POST, how, and how to deliver.</summary>
public sealed class FapilogHttpOptions
{
    /// <summary>The default <see cref="RequestTimeout"/>: 30 s.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The absolute <c>http</c> or <c>https</c> URL each batch is POSTed to. Required.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The JSON format of each event. The default is <see cref="FapilogFormat.Envelope"/>.</summary>
    public FapilogFormat Format { get; set; } = FapilogFormat.Envelope;

    /// <summary>How the events of one request are laid out. The default is <see cref="FapilogHttpBodyFormat.Ndjson"/>.</summary>
    public FapilogHttpBodyFormat BodyFormat { get; set; } = FapilogHttpBodyFormat.Ndjson;

    /// <summary>Headers added to every request (for example <c>Authorization</c>). The default is none.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long one request may take before it counts as a transient failure. The default is 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>
    /// When set, each request is signed as fapilog's webhook does: <c>X-Fapilog-Timestamp</c> (unix seconds) and
    /// <c>X-Fapilog-Signature-256: sha256=&lt;hex HMAC-SHA256 of "{timestamp}.{body}"&gt;</c>, over the exact bytes sent.
    /// The default is <see langword="null"/> (unsigned).
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>The output's name in stats, metrics and <c>SelfLog</c>. The default is <c>http</c>.</summary>
    public string Name { get; set; } = "http";

    /// <summary>Buffering, batching, retry, circuit breaking and the close's bound. Defaults as documented there.</summary>
    public FapilogDeliveryOptions Delivery { get; set; } = new();

    /// <summary>The handler requests go through; tests and hosts with their own handler pass one. Not disposed here.</summary>
    internal HttpMessageHandler? Handler { get; set; }

    /// <summary>Checks every option, naming it as <paramref name="naming"/> does.</summary>
    internal void Validate(OptionNaming naming)
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            throw naming.Missing(nameof(Url), ValidValues(nameof(Url)));
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw naming.Invalid(nameof(Url), Url, ValidValues(nameof(Url)));
        }

        Require(Enum.IsDefined(Format), nameof(Format), Format, naming);
        Require(Enum.IsDefined(BodyFormat), nameof(BodyFormat), BodyFormat, naming);
        Require(RequestTimeout > TimeSpan.Zero && RequestTimeout <= TimeSpan.FromHours(1), nameof(RequestTimeout), RequestTimeout, naming);
        Require(SigningSecret is null || SigningSecret.Length > 0, nameof(SigningSecret), "(empty)", naming);
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw naming.Missing(nameof(Name), ValidValues(nameof(Name)));
        }

        foreach (var header in Headers)
        {
            if (HeaderProblem(header.Key, header.Value) is { } problem)
            {
                // The value is not shown: headers carry credentials.
                throw naming.Invalid(nameof(Headers), header.Key + " (" + problem + ")", ValidValues(nameof(Headers)));
            }
        }

        // A nested options object is named by its path (FapilogHttpOptions.Delivery.BatchSizeLimit); arguments are flat.
        (Delivery ?? throw naming.Missing(nameof(Delivery), ValidValues(nameof(Delivery))))
            .Validate(naming.IsArgument ? naming : OptionNaming.HttpDeliveryOptions);
    }

    /// <summary>The values each option accepts, as the messages list them (delivery options included).</summary>
    internal static string ValidValues(string option) => option switch
    {
        nameof(Url) => "an absolute http or https URL such as http://127.0.0.1:8080/logs",
        nameof(Format) => OptionNaming.Names<FapilogFormat>(),
        nameof(BodyFormat) => OptionNaming.Names<FapilogHttpBodyFormat>(),
        nameof(RequestTimeout) => "time spans written [d.]hh:mm:ss[.fff] greater than 00:00:00 and at most 01:00:00",
        nameof(SigningSecret) => "a non-empty secret, or null for unsigned requests",
        nameof(Name) => "a non-empty name such as http",
        nameof(Headers) => "HTTP request or content header names with values of printable ASCII on one line",
        nameof(Delivery) => "a FapilogDeliveryOptions",
        _ => FapilogDeliveryOptions.ValidValues(option),
    };

    /// <summary>
    /// What is wrong with one header, or null. The name is tried on a scratch request, as the transport adds it (request
    /// headers, else content headers), so a name HTTP would refuse fails here rather than on every request.
    /// </summary>
    private static string? HeaderProblem(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(name) || !IsPrintableAscii(name))
        {
            return "not a header name";
        }

        if (value is null || !IsPrintableAscii(value))
        {
            return "its value is not printable ASCII on one line";
        }

        using var scratch = new HttpRequestMessage();
        using var content = new ByteArrayContent(Array.Empty<byte>());
        return scratch.Headers.TryAddWithoutValidation(name, value) || content.Headers.TryAddWithoutValidation(name, value)
            ? null
            : "not a header name HTTP accepts on a request";
    }

    // Tab is allowed inside a value; any other control character (CR and LF above all) or non-ASCII one is not.
    private static bool IsPrintableAscii(string text)
    {
        foreach (char c in text)
        {
            if (c is (< ' ' and not '\t') or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static void Require(bool condition, string option, object? value, OptionNaming naming)
    {
        if (!condition)
        {
            throw naming.OutOfRange(option, OptionNaming.Show(value), ValidValues(option));
        }
    }
}
