using System;
using System.Collections.Generic;
using System.Linq;

namespace Fapilog.Serilog;

/// <summary>
/// Redaction of a pipeline (<see cref="FapilogPipelineOptions.Redaction"/>): which values are masked before any output
/// of the pipeline sees the event. On by default, with the <see cref="RedactionPreset.Credentials"/> preset.
/// </summary>
/// <remarks>
/// Redaction runs once per event on the writer thread, never on the logging call, and never changes the shared
/// <c>LogEvent</c>: other sinks of the logger see the original. docs/redaction.md describes the rules and presets.
/// </remarks>
public sealed class FapilogRedactionOptions
{
    /// <summary>The default presets: <see cref="RedactionPreset.Credentials"/>.</summary>
    public static IReadOnlyList<RedactionPreset> DefaultPresets { get; } = new[] { RedactionPreset.Credentials };

    internal const int MaxDepthLimit = 1000;

    /// <summary>Whether redaction runs at all. The default is <see langword="true"/>; <see langword="false"/> writes every value as logged.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The presets whose rules apply (an empty list: only the rules given here). The default is <see cref="RedactionPreset.Credentials"/>.</summary>
    public IReadOnlyCollection<RedactionPreset> Presets { get; set; } = DefaultPresets;

    /// <summary>Key names whose values are masked, compared whole and case-insensitively, at any depth. The default is none.</summary>
    public IReadOnlyCollection<string> Fields { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Dotted paths whose values are masked, case-insensitively: <c>user.password</c>, <c>user.*.password</c>
    /// (<c>*</c>: one segment), <c>*.token</c>, <c>request.**.secret</c> (<c>**</c>: any number). The default is none.
    /// </summary>
    public IReadOnlyCollection<string> Paths { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Word patterns on key names, matched on word boundaries (snake, kebab and camel case): <c>api key</c> masks
    /// <c>x-api-key</c>, <c>apiKey</c> and <c>apikey</c>; <c>auth</c> masks <c>authToken</c> but not <c>author</c>.
    /// Added to the presets' patterns. The default is none.
    /// </summary>
    public IReadOnlyCollection<string> KeyPatterns { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Whether exception text (message, stack trace, <c>ToString</c>) is redacted with the value patterns. The default
    /// is <see langword="false"/>: it costs a <c>ToString</c> per exception.
    /// </summary>
    public bool RedactExceptions { get; set; }

    /// <summary>What a masked value, or the masked part of a text, is replaced by. The default is <c>***</c>.</summary>
    public string Mask { get; set; } = "***";

    /// <summary>What happens to an event with a value that cannot be checked. The default is <see cref="RedactionFailureMode.MaskValue"/>.</summary>
    public RedactionFailureMode OnFailure { get; set; } = RedactionFailureMode.MaskValue;

    /// <summary>How deep values are walked (a property's value is depth 1); deeper values are masked, never passed. The default is 32.</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>Options with redaction switched off.</summary>
    public static FapilogRedactionOptions Disabled => new() { Enabled = false };

    internal FapilogRedactionOptions Clone()
    {
        var copy = (FapilogRedactionOptions)MemberwiseClone();
        copy.Presets = Presets?.ToArray()!;
        copy.Fields = Fields?.ToArray()!;
        copy.Paths = Paths?.ToArray()!;
        copy.KeyPatterns = KeyPatterns?.ToArray()!;
        return copy;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option that is out of range, as <paramref name="naming"/> names it.</summary>
    internal void Validate(OptionNaming naming)
    {
        Require(Presets, nameof(Presets), naming, p => Enum.IsDefined(p), p => p.ToString());
        Require(Fields, nameof(Fields), naming, f => !string.IsNullOrWhiteSpace(f), f => f);
        Require(Paths, nameof(Paths), naming, PathPattern.IsValid, p => p);
        Require(KeyPatterns, nameof(KeyPatterns), naming, k => k is not null && KeyNameMatcher.Words(k).Count > 0, k => k);
        if (string.IsNullOrEmpty(Mask))
        {
            throw naming.Missing(nameof(Mask), ValidValues(nameof(Mask)));
        }

        if (!Enum.IsDefined(OnFailure))
        {
            throw naming.OutOfRange(nameof(OnFailure), OptionNaming.Show((int)OnFailure), ValidValues(nameof(OnFailure)));
        }

        if (MaxDepth is < 1 or > MaxDepthLimit)
        {
            throw naming.OutOfRange(nameof(MaxDepth), OptionNaming.Show(MaxDepth), ValidValues(nameof(MaxDepth)));
        }
    }

    /// <summary>The values <paramref name="option"/> accepts, as the messages list them.</summary>
    internal static string ValidValues(string option) => option switch
    {
        nameof(Enabled) or nameof(RedactExceptions) => "true, false",
        nameof(Presets) => $"a list of {OptionNaming.Names<RedactionPreset>()} (also written CREDENTIALS, PCI_DSS, CONTACT_INFO, NETWORK_ADDRESSES, GDPR_PII, HIPAA_PHI; an empty list adds no preset)",
        nameof(Fields) => "a list of key names that are not empty",
        nameof(Paths) => "a list of dotted paths with no empty segment, e.g. user.password, user.*.password, *.token, request.**.secret",
        nameof(KeyPatterns) => "a list of word patterns with at least one letter or digit, e.g. \"api key\", \"auth\"",
        nameof(Mask) => "a text that is not empty, e.g. ***",
        nameof(OnFailure) => OptionNaming.Names<RedactionFailureMode>(),
        nameof(MaxDepth) => $"1 to {MaxDepthLimit}",
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not an option of FapilogRedactionOptions."),
    };

    private static void Require<T>(IReadOnlyCollection<T>? items, string option, OptionNaming naming, Func<T, bool> valid, Func<T, string?> show)
    {
        if (items is null)
        {
            throw naming.Missing(option, ValidValues(option));
        }

        foreach (var item in items)
        {
            if (!valid(item))
            {
                throw naming.OutOfRange(option, show(item) ?? "null", ValidValues(option));
            }
        }
    }
}
