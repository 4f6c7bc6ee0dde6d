using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Fapilog.Serilog;

/// <summary>
/// What every network output of Fapilog.Serilog is configured with: where its requests go, their headers and timeout,
/// the output's name, and how it delivers (<see cref="Delivery"/>). Each output's options add their own on top.
/// </summary>
public abstract class FapilogRemoteOptions
{
    /// <summary>The default <see cref="RequestTimeout"/>: 30 s.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Sets the default <see cref="Name"/> of the output.</summary>
    /// <param name="defaultName">The name used when none is set.</param>
    private protected FapilogRemoteOptions(string defaultName) => Name = _defaultName = defaultName;

    private readonly string _defaultName;

    /// <summary>The absolute <c>http</c> or <c>https</c> URL requests go to. Required.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Headers added to every request (for example <c>Authorization</c>). The default is none.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long one request may take before it counts as a transient failure. The default is 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>The output's name in stats, metrics and <c>SelfLog</c>. The default is the output's kind (<c>http</c>, <c>seq</c>, ...).</summary>
    public string Name { get; set; }

    /// <summary>Buffering, batching, retry, circuit breaking and the close's bound. Defaults as documented there.</summary>
    public FapilogDeliveryOptions Delivery { get; set; } = new();

    /// <summary>The handler requests go through; tests and hosts with their own handler pass one. Not disposed here.</summary>
    internal HttpMessageHandler? Handler { get; set; }

    /// <summary>An example of <see cref="Url"/> for error messages: <c>http://127.0.0.1:8080/logs</c>.</summary>
    private protected abstract string UrlExample { get; }

    /// <summary>Checks every option, naming it as <paramref name="naming"/> does.</summary>
    internal virtual void Validate(OptionNaming naming)
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            throw naming.Missing(nameof(Url), ValidValues(nameof(Url)));
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw naming.Invalid(nameof(Url), Outputs.Remote.UrlText.Shown(Url), ValidValues(nameof(Url)));
        }

        if (Outputs.Remote.UrlText.HasUserInfo(uri))
        {
            // The HTTP client never sends user information: the request would go out unauthenticated and be refused.
            throw naming.Invalid(
                nameof(Url),
                Outputs.Remote.UrlText.Shown(Url),
                "a URL without user information (it is not sent); put credentials in Headers (Authorization) or the output's API key option");
        }

        Require(RequestTimeout > TimeSpan.Zero && RequestTimeout <= TimeSpan.FromHours(1), nameof(RequestTimeout), RequestTimeout, naming);
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw naming.Missing(nameof(Name), ValidValues(nameof(Name)));
        }

        foreach (var header in Headers)
        {
            if (Outputs.Remote.RequestHeaders.Problem(header.Key, header.Value) is { } problem)
            {
                // The value is not shown: headers carry credentials.
                throw naming.Invalid(nameof(Headers), header.Key + " (" + problem + ")", ValidValues(nameof(Headers)));
            }
        }

        (Delivery ?? throw naming.Missing(nameof(Delivery), ValidValues(nameof(Delivery)))).Validate(naming.Nested(nameof(Delivery)));
    }

    /// <summary>The values each option accepts, as the messages list them (an output's own options first, then these).</summary>
    internal virtual string ValidValues(string option) => option switch
    {
        nameof(Url) => "an absolute http or https URL such as " + UrlExample,
        nameof(RequestTimeout) => "time spans written [d.]hh:mm:ss[.fff] greater than 00:00:00 and at most 01:00:00",
        nameof(Name) => "a non-empty name such as " + _defaultName,
        nameof(Headers) => "HTTP request or content header names with values of printable ASCII on one line",
        nameof(Delivery) => "a FapilogDeliveryOptions",
        _ => FapilogDeliveryOptions.ValidValues(option),
    };

    /// <summary>Throws the out-of-range error for <paramref name="option"/> unless <paramref name="condition"/> holds.</summary>
    private protected void Require(bool condition, string option, object? value, OptionNaming naming)
    {
        if (!condition)
        {
            throw naming.OutOfRange(option, OptionNaming.Show(value), ValidValues(option));
        }
    }
}
