namespace Fapilog.Serilog;

/// <summary>What makes two events "the same" for rate limiting and first-occurrence filtering.</summary>
public enum FapilogSamplingKey
{
    /// <summary>The message template's text (<c>"Order {OrderId} failed"</c>, whatever the values).</summary>
    Template = 0,

    /// <summary>The value of one property (the options' <c>Property</c>); events without it share one key.</summary>
    Property = 1,

    /// <summary>The template's text and the property's value together.</summary>
    TemplateAndProperty = 2,
}
