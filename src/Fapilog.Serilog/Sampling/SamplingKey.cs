using System;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// The key of an event for the keyed rules: a template's text, a value, or both. Scalar values are compared by their
/// boxed value as Serilog holds it (no allocation); other values by their rendering (one string per event).
/// </summary>
internal readonly struct SamplingKey : IEquatable<SamplingKey>
{
    public SamplingKey(string? template, object? value)
    {
        Template = template;
        Value = value;
    }

    public string? Template { get; }

    public object? Value { get; }

    /// <summary>
    /// The key of <paramref name="logEvent"/> as <paramref name="kind"/> and <paramref name="property"/> say. False for a
    /// <see cref="FapilogSamplingKey.Property"/> key when the event has no such property: the rule leaves it alone.
    /// </summary>
    public static bool TryOf(LogEvent logEvent, FapilogSamplingKey kind, string? property, out SamplingKey key)
    {
        string? template = kind == FapilogSamplingKey.Property ? null : logEvent.MessageTemplate.Text;
        object? value = null;
        if (kind != FapilogSamplingKey.Template)
        {
            if (logEvent.Properties.TryGetValue(property!, out var found))
            {
                value = found is ScalarValue scalar ? scalar.Value : found.ToString();
            }
            else if (kind == FapilogSamplingKey.Property)
            {
                key = default;
                return false;
            }
        }

        key = new SamplingKey(template, value);
        return true;
    }

    public bool Equals(SamplingKey other) => string.Equals(Template, other.Template, StringComparison.Ordinal) && Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is SamplingKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Template, Value);
}
