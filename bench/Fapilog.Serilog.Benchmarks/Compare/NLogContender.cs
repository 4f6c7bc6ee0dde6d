using System.IO;
using NLog;
using NLog.Config;
using NLog.Layouts;
using NLog.Targets;
using NLog.Targets.Wrappers;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// NLog 6 configured in code, as close as NLog allows to the Serilog and Fapilog setups: an
/// <see cref="AsyncTargetWrapper"/> (Block when full, the same 10 000 queue and 1 000 batch as Fapilog's
/// defaults) around a <see cref="FileTarget"/> that keeps the file open and does not flush per write
/// (AutoFlush off, its default 32 KiB buffer), writing a <see cref="JsonLayout"/> with the time, level, rendered
/// message and every event property.
/// </summary>
internal sealed class NLogContender : Contender
{
    private readonly LogFactory _factory;
    private readonly Logger _logger;

    public NLogContender(string directory, int queueLimit)
        : base(directory)
    {
        var layout = new JsonLayout { IncludeEventProperties = true };
        layout.Attributes.Add(new JsonAttribute("time", "${date:universalTime=true:format=o}"));
        layout.Attributes.Add(new JsonAttribute("level", "${level}"));
        layout.Attributes.Add(new JsonAttribute("message", "${message}"));
        layout.Attributes.Add(new JsonAttribute("template", "${message:raw=true}"));

        var file = new FileTarget("file")
        {
            FileName = Path.Combine(directory, "nlog.jsonl"),
            Layout = layout,
            KeepFileOpen = true,
            AutoFlush = false,
            CreateDirs = true,
        };
        var async = new AsyncTargetWrapper("async", file)
        {
            OverflowAction = AsyncTargetWrapperOverflowAction.Block,
            QueueLimit = queueLimit,
            BatchSize = 1_000,
        };

        var config = new LoggingConfiguration();
        config.AddRuleForAllLevels(async);
        _factory = new LogFactory { Configuration = config };
        _logger = _factory.GetLogger("bench");
    }

    public override void Log(int orderId, string customer) =>
        _logger.Info("Order {OrderId} for {Customer} took {Elapsed} ms", orderId, customer, 12.5);

    public override void Close()
    {
        // Flush waits until the async queue is written through the file target; Shutdown then closes the file.
        _factory.Flush(System.TimeSpan.FromMinutes(5));
        _factory.Shutdown();
    }
}
