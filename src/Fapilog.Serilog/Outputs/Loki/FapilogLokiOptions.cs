using System;
using System.Collections.Generic;
using Fapilog.Serilog.Outputs.Loki;

namespace Fapilog.Serilog;

/// <summary>
/// Options of the Grafana Loki output (<c>WriteTo.FapilogLoki(...)</c>): Loki's address and tenant, which labels each
/// stream gets, the guard on their cardinality, the line format, and how to deliver.
/// </summary>
/// <remarks>
/// A stream is one label set; Loki indexes labels, not lines, so every distinct label set is a stream of its own.
/// Labels come from <see cref="Labels"/> (fixed), <see cref="LevelLabel"/> (the event's level) and
/// <see cref="PropertiesAsLabels"/> (event properties); each of the latter is capped at
/// <see cref="MaxLabelValuesPerLabel"/> distinct values, past which new values become <see cref="OverflowValue"/>.
/// </remarks>
public sealed class FapilogLokiOptions : FapilogRemoteOptions
{
    /// <summary>The value a property label gets once it has had <see cref="MaxLabelValuesPerLabel"/> distinct values: <c>__overflow__</c>.</summary>
    public const string OverflowValue = "__overflow__";

    /// <summary>The header Loki reads the tenant from.</summary>
    internal const string TenantHeader = "X-Scope-OrgID";

    /// <summary>Creates the options with their defaults; the output is named <c>loki</c>.</summary>
    public FapilogLokiOptions()
        : base("loki")
    {
    }

    /// <summary>
    /// The tenant, sent as <c>X-Scope-OrgID</c> (Loki in multi-tenant mode answers 401 without it). At most 150
    /// characters of <c>a-z A-Z 0-9 ! - _ . * ' ( )</c>, not <c>.</c> or <c>..</c>. The default is none.
    /// </summary>
    public string? Tenant { get; set; }

    /// <summary>Fixed labels of every stream (for example <c>app</c>, <c>env</c>). The default is none.</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Names of event properties whose scalar values become labels of the same name (an event without the property, or
    /// with a null or non-scalar value, has no such label). Each is capped by <see cref="MaxLabelValuesPerLabel"/>.
    /// Choose properties with few values (a region, a tenant), never ids. The default is none.
    /// </summary>
    public IList<string> PropertiesAsLabels { get; } = new List<string>();

    /// <summary>
    /// The label that carries the event's level as the envelope names it (<c>TRACE</c>, <c>DEBUG</c>, <c>INFO</c>,
    /// <c>WARNING</c>, <c>ERROR</c>, <c>CRITICAL</c>, <c>AUDIT</c>, <c>SECURITY</c>); <see langword="null"/> or empty for
    /// none. The default is <c>level</c>.
    /// </summary>
    public string? LevelLabel { get; set; } = "level";

    /// <summary>
    /// The most distinct values one property label takes in this output; a value first seen after that is sent as
    /// <see cref="OverflowValue"/>, which is reported once to <c>SelfLog</c>. The default is 50.
    /// </summary>
    public int MaxLabelValuesPerLabel { get; set; } = 50;

    /// <summary>The longest property label value, in characters; a longer one is cut to this length. The default is 256.</summary>
    public int MaxLabelValueLength { get; set; } = 256;

    /// <summary>The log line of each entry: the fapilog envelope (the default) or CLEF.</summary>
    public FapilogFormat LineFormat { get; set; } = FapilogFormat.Envelope;

    /// <summary>Whether request bodies are gzipped (<c>Content-Encoding: gzip</c>, which Loki reads). The default is <see langword="false"/>.</summary>
    public bool Gzip { get; set; }

    private protected override string UrlExample => "http://127.0.0.1:3100";

    /// <summary>Where pushes go: <see cref="FapilogRemoteOptions.Url"/> plus <c>/loki/api/v1/push</c>, unless it already ends so.</summary>
    internal Uri PushUrl()
    {
        var url = new Uri(Url, UriKind.Absolute);
        const string path = "/loki/api/v1/push";
        if (url.AbsolutePath.EndsWith(path, StringComparison.Ordinal))
        {
            return url;
        }

        var builder = new UriBuilder(url);
        builder.Path = builder.Path.TrimEnd('/') + path;
        return builder.Uri;
    }

    internal override void Validate(OptionNaming naming)
    {
        base.Validate(naming);
        Require(Enum.IsDefined(LineFormat), nameof(LineFormat), LineFormat, naming);
        Require(MaxLabelValuesPerLabel is >= 1 and <= 100_000, nameof(MaxLabelValuesPerLabel), MaxLabelValuesPerLabel, naming);
        Require(MaxLabelValueLength is >= 1 and <= LokiLabelNames.MaxValueLength, nameof(MaxLabelValueLength), MaxLabelValueLength, naming);
        Require(Tenant is null || LokiLabelNames.IsTenant(Tenant), nameof(Tenant), Tenant, naming);
        if (Tenant is not null && Headers.ContainsKey(TenantHeader))
        {
            throw naming.Invalid(nameof(Headers), TenantHeader, "headers other than " + TenantHeader + " when Tenant is set (Tenant sends it)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in Labels)
        {
            RequireName(label.Key, nameof(Labels), seen, naming);
            Require(!string.IsNullOrEmpty(label.Value), nameof(Labels), label.Key + " = (empty)", naming);
        }

        if (!string.IsNullOrEmpty(LevelLabel))
        {
            RequireName(LevelLabel, nameof(LevelLabel), seen, naming);
        }

        foreach (string? property in PropertiesAsLabels)
        {
            RequireName(property, nameof(PropertiesAsLabels), seen, naming);
        }

        // Loki refuses a stream without labels, and a property label may be missing from an event.
        if (Labels.Count == 0 && string.IsNullOrEmpty(LevelLabel))
        {
            throw naming.Invalid(nameof(Labels), "(none, and no LevelLabel)", ValidValues(nameof(Labels)));
        }
    }

    internal override string ValidValues(string option) => option switch
    {
        nameof(Tenant) => "up to 150 characters of a-z, A-Z, 0-9 and ! - _ . * ' ( ), other than . and .., or null for none",
        nameof(Labels) => "label names of [a-zA-Z_][a-zA-Z0-9_]* (not starting with __, each used once) with non-empty values; Labels or LevelLabel must give every stream a label",
        nameof(LevelLabel) or nameof(PropertiesAsLabels) => "label names of [a-zA-Z_][a-zA-Z0-9_]*, not starting with __, each used once across Labels, LevelLabel and PropertiesAsLabels" + (option == nameof(LevelLabel) ? ", or null for no level label" : string.Empty),
        nameof(MaxLabelValuesPerLabel) => "from 1 to 100000",
        nameof(MaxLabelValueLength) => "from 1 to " + LokiLabelNames.MaxValueLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        nameof(LineFormat) => OptionNaming.Names<FapilogFormat>(),
        nameof(Gzip) => "true or false",
        _ => base.ValidValues(option),
    };

    private void RequireName(string? name, string option, HashSet<string> seen, OptionNaming naming)
    {
        if (!LokiLabelNames.IsLabelName(name))
        {
            throw naming.OutOfRange(option, name ?? "null", ValidValues(option));
        }

        if (!seen.Add(name!))
        {
            throw naming.OutOfRange(option, name + " (a label name used twice)", ValidValues(option));
        }
    }
}
