using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace Fapilog.Serilog;

/// <summary>
/// Reads the <c>redaction</c> argument of <c>WriteTo.Fapilog</c> in <c>appsettings.json</c>: an object of
/// <see cref="FapilogRedactionOptions"/> in camel case (<c>{ "presets": [ "Credentials", "PCI_DSS" ], "paths": [ "user.*.password" ] }</c>),
/// (<c>{ "enabled": false }</c> switches redaction off). An unknown name or a bad value fails naming it and the valid values.
/// </summary>
internal static class RedactionJson
{
    private static readonly string[] Names =
    {
        nameof(FapilogRedactionOptions.Enabled), nameof(FapilogRedactionOptions.Presets), nameof(FapilogRedactionOptions.Fields),
        nameof(FapilogRedactionOptions.Paths), nameof(FapilogRedactionOptions.KeyPatterns), nameof(FapilogRedactionOptions.RedactExceptions),
        nameof(FapilogRedactionOptions.Mask), nameof(FapilogRedactionOptions.OnFailure), nameof(FapilogRedactionOptions.MaxDepth),
    };

    public static void Read(FapilogRedactionOptions r, OptionNaming pipelineNaming, IConfigurationSection section)
    {
        var naming = pipelineNaming.Nested(nameof(FapilogPipelineOptions.Redaction));
        var read = new JsonArgumentReader(naming, FapilogRedactionOptions.ValidValues);
        foreach (var entry in section.GetChildren())
        {
            string? known = Array.Find(Names, n => string.Equals(n, entry.Key, StringComparison.OrdinalIgnoreCase));
            string? text = entry.Value;
            switch (known)
            {
                case nameof(r.Enabled): r.Enabled = read.Boolean(text, r.Enabled, known); break;
                case nameof(r.Presets): r.Presets = List(entry).Select(p => Preset(p, naming)).ToArray(); break;
                case nameof(r.Fields): r.Fields = List(entry); break;
                case nameof(r.Paths): r.Paths = List(entry); break;
                case nameof(r.KeyPatterns): r.KeyPatterns = List(entry); break;
                case nameof(r.RedactExceptions): r.RedactExceptions = read.Boolean(text, r.RedactExceptions, known); break;
                case nameof(r.Mask): r.Mask = text ?? string.Empty; break;
                case nameof(r.OnFailure): r.OnFailure = read.Enum(text, r.OnFailure, known); break;
                case nameof(r.MaxDepth): r.MaxDepth = read.Int32(text, r.MaxDepth, known); break;
                default:
                    throw OptionNaming.Error(
                        $"{naming.Subject(entry.Key)} is not a redaction option; valid options are {string.Join(", ", Names.Select(naming.ParamName))}.",
                        naming.ParamName(entry.Key));
            }
        }
    }

    /// <summary>A preset by its name in any case, with or without underscores: <c>PciDss</c>, <c>PCI_DSS</c>, <c>pci_dss</c>.</summary>
    private static RedactionPreset Preset(string text, OptionNaming naming)
    {
        string bare = text.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Trim();
        foreach (var preset in Enum.GetValues<RedactionPreset>())
        {
            if (string.Equals(preset.ToString(), bare, StringComparison.OrdinalIgnoreCase))
            {
                return preset;
            }
        }

        throw naming.OutOfRange(nameof(FapilogRedactionOptions.Presets), text, FapilogRedactionOptions.ValidValues(nameof(FapilogRedactionOptions.Presets)));
    }

    // A JSON array arrives as children "0", "1", …; an empty array as the section with an empty value.
    private static string[] List(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return string.IsNullOrEmpty(section.Value) ? Array.Empty<string>() : new[] { section.Value };
        }

        var items = new List<string>(children.Count);
        foreach (var child in children.OrderBy(c => int.TryParse(c.Key, out int i) ? i : int.MaxValue))
        {
            items.Add(child.Value ?? string.Empty);
        }

        return items.ToArray();
    }
}
