namespace Fapilog.Serilog;

/// <summary>Options of the <see cref="FapilogEnvelopeFormatter"/>.</summary>
public sealed class FapilogEnvelopeOptions
{
    /// <summary>
    /// Whether <c>log.message_template</c> carries the raw message template, so that a log store can group
    /// events by template. The default is <see langword="true"/>.
    /// </summary>
    public bool IncludeMessageTemplate { get; set; } = true;

    /// <summary>
    /// Whether string values in <c>log.message</c> are wrapped in double quotes, as Serilog's default
    /// rendering does (<c>Order 42 shipped to "alice"</c>). The default is <see langword="false"/>:
    /// <c>Order 42 shipped to alice</c>. The <c>:l</c> format never quotes.
    /// </summary>
    public bool QuoteStringValues { get; set; }

    internal FapilogEnvelopeOptions Clone() => (FapilogEnvelopeOptions)MemberwiseClone();
}
