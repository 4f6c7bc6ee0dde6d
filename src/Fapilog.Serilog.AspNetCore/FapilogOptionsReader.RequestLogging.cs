using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore;

internal static partial class FapilogOptionsReader
{
    private static void ApplyRequestLogging(FapilogRequestLoggingOptions logging, IConfigurationSection section)
    {
        Known(section, "RequestLogging:", "Enabled", "MessageTemplate", "SuccessSampleRate", "SlowRequestThreshold", "SuccessLevel",
            "SlowLevel", "ClientErrorLevel", "ServerErrorLevel", "IncludeHeaders", "IncludeQueryInRequestPath", "RedactedValue",
            "SkipPaths", "SkipPathPrefixes", "HeaderAllowlist", "RedactedHeaders");
        Set(section, "Enabled", v => logging.Enabled = Bool("RequestLogging:Enabled", v));
        Set(section, "MessageTemplate", v => logging.MessageTemplate = v);
        Set(section, "SuccessSampleRate", v => logging.SuccessSampleRate = Double("RequestLogging:SuccessSampleRate", v) is var rate and >= 0 and <= 1
            ? rate
            : throw Invalid("RequestLogging:SuccessSampleRate", v, "a number from 0 to 1, e.g. 0.25"));
        Set(section, "SlowRequestThreshold", v => logging.SlowRequestThreshold = Time("RequestLogging:SlowRequestThreshold", v));
        Set(section, "SuccessLevel", v => logging.SuccessLevel = Enum<LogEventLevel>("RequestLogging:SuccessLevel", v));
        Set(section, "SlowLevel", v => logging.SlowLevel = Enum<LogEventLevel>("RequestLogging:SlowLevel", v));
        Set(section, "ClientErrorLevel", v => logging.ClientErrorLevel = Enum<LogEventLevel>("RequestLogging:ClientErrorLevel", v));
        Set(section, "ServerErrorLevel", v => logging.ServerErrorLevel = Enum<LogEventLevel>("RequestLogging:ServerErrorLevel", v));
        Set(section, "IncludeHeaders", v => logging.IncludeHeaders = Bool("RequestLogging:IncludeHeaders", v));
        Set(section, "IncludeQueryInRequestPath", v => logging.IncludeQueryInRequestPath = Bool("RequestLogging:IncludeQueryInRequestPath", v));
        Set(section, "RedactedValue", v => logging.RedactedValue = v);
        AddAll(section.GetSection("SkipPaths"), logging.SkipPaths);
        AddAll(section.GetSection("SkipPathPrefixes"), logging.SkipPathPrefixes);
        AddAll(section.GetSection("HeaderAllowlist"), logging.HeaderAllowlist);
        AddAll(section.GetSection("RedactedHeaders"), logging.RedactedHeaders);
    }

    private static void AddAll(IConfigurationSection section, System.Collections.Generic.ISet<string> set)
    {
        foreach (var child in section.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                set.Add(child.Value);
            }
        }
    }
}
