using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>The application's <c>Serilog</c> section, applied by Serilog.Settings.Configuration.</summary>
internal static class SerilogSection
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Opt-in (ReadSerilogSection); reading sinks by name from configuration is reflection by nature, as with ReadFrom.Configuration itself.")]
    public static void Apply(LoggerConfiguration logger, IConfiguration configuration) =>
        logger.ReadFrom.Configuration(configuration);
}
