using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Redaction;

public class RedactionJsonTests
{
    private static string Entry(string folder, string redaction) => AppSettings.WriteTo($$"""
        { "Name": "Fapilog", "Args": { "name": "{{Guid.NewGuid():N}}", "flushOnProcessExit": "false",
          "configure": [ { "Name": "FapilogFile", "Args": { "path": "{{folder.Replace("\\", "/")}}/app.jsonl" } } ],
          "redaction": {{redaction}} } }
        """);

    private static string Written(string redaction, Action<global::Serilog.ILogger> log)
    {
        using var folder = new TempFolder();
        using (var logger = AppSettings.Read(Entry(folder.Path, redaction)).CreateLogger())
        {
            log(logger);
        }

        return File.ReadAllText(Directory.GetFiles(folder.Path).Single());
    }

    [Fact]
    public void AnObjectOfOptions_IsRead_PresetsInEitherSpelling()
    {
        string text = Written(
            """{ "presets": [ "CREDENTIALS", "pci_dss" ], "fields": [ "Nickname" ], "paths": [ "user.*.pin" ], "keyPatterns": [ "member no" ], "mask": "[gone]", "maxDepth": "8", "redactExceptions": "true", "onFailure": "DropEvent" }""",
            log => log.Information("{Nickname} {@User} {MemberNo} {Card} {Password} {Keep}", "bobby", new { Card = new { Pin = "9876" } }, "M-1", "4111 1111 1111 1111", "hunter2", "kept"));

        foreach (string secret in new[] { "bobby", "9876", "M-1", "4111 1111 1111 1111", "hunter2" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("[gone]", text, StringComparison.Ordinal);
        Assert.Contains("kept", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EnabledFalse_SwitchesRedactionOff()
    {
        string text = Written("""{ "enabled": "false" }""", log => log.Information("{Password}", "hunter2"));

        Assert.Contains("hunter2", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "presets": [ "PCI" ] }""", "WriteTo.Fapilog argument 'redaction.presets' has the value 'PCI'; valid values are a list of Credentials, PciDss")]
    [InlineData("""{ "maxDepth": "0" }""", "WriteTo.Fapilog argument 'redaction.maxDepth' has the value '0'; valid values are 1 to 1000.")]
    [InlineData("""{ "onFailure": "Ignore" }""", "WriteTo.Fapilog argument 'redaction.onFailure' has the value 'Ignore'; valid values are MaskValue, DropEvent.")]
    [InlineData("""{ "enabled": "maybe" }""", "WriteTo.Fapilog argument 'redaction.enabled' has the value 'maybe'; valid values are true, false.")]
    [InlineData("""{ "pathz": [ "a.b" ] }""", "WriteTo.Fapilog argument 'redaction.pathz' is not a redaction option; valid options are redaction.enabled, redaction.presets")]
    [InlineData("""{ "paths": [ "a..b" ] }""", "WriteTo.Fapilog argument 'redaction.paths' has the value 'a..b'; valid values are a list of dotted paths")]
    public void BadValues_FailNamingTheOptionAndTheValidValues(string redaction, string message)
    {
        using var folder = new TempFolder();

        var error = AppSettings.ConfigurationError(Entry(folder.Path, redaction));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
