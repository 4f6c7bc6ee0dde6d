namespace Fapilog.Serilog;

/// <summary>What makes two events "the same" for rate limiting and first-occurrence filtering.</summary>
public enum FapilogSamplingKey
{
    /// <summary>The message template's text (<c>"Order {OrderId} failed"</c>, whatever the values).</summary>
    Template = 0,

    /// <summary>The value of one property (the options' <c>Property</c>); an event without it passes the rule untouched.</summary>
    Property = 1,

    /// <summary>The template's text and the property's value together; events of a template without the property share the template's key.</summary>
    TemplateAndProperty = 2,
}
