using System.IO;
using Serilog.Events;
using Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>A Serilog text formatter with no trailing newline (the adapter adds it); public for appsettings.json.</summary>
public sealed class TestTextFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        var n = logEvent.Properties.TryGetValue("N", out var v) ? v.ToString() : "0";
        output.Write("{\"text\":" + n + ",\"m\":\"" + logEvent.MessageTemplate.Text + "\"}");
    }
}
