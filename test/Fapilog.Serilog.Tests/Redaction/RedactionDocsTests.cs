using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>docs/redaction.md lists exactly what each preset contains: every key-name pattern is in its preset's row.</summary>
public class RedactionDocsTests
{
    [Theory]
    [InlineData(RedactionPreset.Credentials)]
    [InlineData(RedactionPreset.PciDss)]
    [InlineData(RedactionPreset.ContactInfo)]
    [InlineData(RedactionPreset.NetworkAddresses)]
    [InlineData(RedactionPreset.GdprPii)]
    [InlineData(RedactionPreset.HipaaPhi)]
    public void EveryPresetsKeyPatterns_AreDocumented(RedactionPreset preset)
    {
        string project = typeof(RedactionDocsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
        string doc = File.ReadAllText(Path.Combine(project, "..", "..", "docs", "redaction.md"));
        string row = doc.Split('\n').Single(l => l.StartsWith($"| `{preset}`", StringComparison.Ordinal));
        var own = preset switch
        {
            RedactionPreset.GdprPii => RedactionPresets.PersonKeys,
            RedactionPreset.HipaaPhi => RedactionPresets.HealthKeys,
            _ => RedactionPresets.Keys(preset).ToList(),
        };

        foreach (string key in own)
        {
            Assert.Contains(key, row.Split('|')[2].Split(',', StringSplitOptions.TrimEntries).Select(k => k.Split(" + ").Last()));
        }
    }
}
