using System.IO;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Outputs.Audit;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>Builds the audit trail output: the chained file sink behind a filter that passes AUDIT and SECURITY only.</summary>
internal static class FapilogAuditTrail
{
    /// <summary>The chained file sink alone (no level filter): tests and benchmarks write to it directly.</summary>
    public static RollingFileSink CreateFile(FapilogAuditTrailOptions options, OptionNaming naming, out AuditChain chain)
    {
        options.Validate(naming);
        var file = options.ToFileOptions();
        string full = Path.GetFullPath(file.Path);
        string directory = Path.GetDirectoryName(full) ?? Path.GetPathRoot(full)!;
        var rolling = new RollingPolicy(Path.GetFileNameWithoutExtension(full), Path.GetExtension(full), file.RollingInterval);
        chain = new AuditChain(new FapilogEnvelopeFormatter(), options.Key!, options.FlushToDisk, options.TimeProvider, directory, rolling,
            AuditChain.LockPath(directory, Path.GetFileName(full)));
        return new RollingFileSink(file, chain, LogEventLevel.Verbose, chain);
    }

    /// <summary>The output <c>WriteTo.FapilogAuditTrail</c> adds: only AUDIT and SECURITY events reach the file.</summary>
    public static ILogEventSink Create(FapilogAuditTrailOptions options, OptionNaming naming)
        => new LevelRoutingSink(new ILogEventSink[] { CreateFile(options, naming, out _) }, level => level >= FapilogLevel.Audit);
}
