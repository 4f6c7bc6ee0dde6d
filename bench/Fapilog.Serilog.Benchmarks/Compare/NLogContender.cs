using System;
using System.Collections.Generic;
using System.Diagnostics;
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
/// message and every event property. For the realistic workload the layout adds the six runtime fields as
/// attributes (fixed text, <c>${machinename}</c>, <c>${processid}</c>), the exception (<c>ToString()</c>, as
/// Serilog's JsonFormatter writes it) and the scope properties: the request context and the Activity's trace
/// and span ids, pushed to <see cref="ScopeContext"/> when a request starts (NLog has no built-in Activity
/// renderer without the NLog.DiagnosticSource package).
/// </summary>
internal sealed class NLogContender : Contender
{
    private readonly LogFactory _factory;
    private readonly Logger _logger;

    public NLogContender(string directory, int queueLimit, WorkloadKind kind = WorkloadKind.Orders)
        : base(directory)
    {
        var layout = new JsonLayout { IncludeEventProperties = true };
        layout.Attributes.Add(new JsonAttribute("time", "${date:universalTime=true:format=o}"));
        layout.Attributes.Add(new JsonAttribute("level", "${level}"));
        layout.Attributes.Add(new JsonAttribute("message", "${message}"));
        layout.Attributes.Add(new JsonAttribute("template", "${message:raw=true}"));
        if (kind == WorkloadKind.Realistic)
        {
            layout.IncludeScopeProperties = true;
            layout.Attributes.Add(new JsonAttribute("exception", "${exception:format=tostring}"));
            layout.Attributes.Add(new JsonAttribute("ServiceName", RealisticEvent.Service));
            layout.Attributes.Add(new JsonAttribute("EnvironmentName", RealisticEvent.Environment));
            layout.Attributes.Add(new JsonAttribute("ServiceVersion", RealisticEvent.Version));
            layout.Attributes.Add(new JsonAttribute("MachineName", "${machinename}"));
            layout.Attributes.Add(new JsonAttribute("ProcessId", "${processid}") { Encode = false });
            layout.Attributes.Add(new JsonAttribute("Runtime", RealisticEvent.Runtime));
        }

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

    public override void LogRealistic(in RealisticCall call)
    {
        if (call.Error is null)
        {
            _logger.Info(RealisticEvent.Template, call.Method, call.Path, call.StatusCode, call.Elapsed, call.Order, call.ClientIp);
        }
        else
        {
            _logger.Error(call.Error, RealisticEvent.Template, call.Method, call.Path, call.StatusCode, call.Elapsed, call.Order, call.ClientIp);
        }
    }

    public override IDisposable BeginRequest(RequestContext request)
    {
        var activity = Activity.Current;
        return ScopeContext.PushProperties(new KeyValuePair<string, object?>[]
        {
            new("RequestId", request.RequestId),
            new("UserId", request.UserId),
            new("TenantId", request.TenantId),
            new("TraceId", activity?.TraceId.ToHexString()),
            new("SpanId", activity?.SpanId.ToHexString()),
        });
    }

    public override void Close()
    {
        // Flush waits until the async queue is written through the file target; Shutdown then closes the file.
        _factory.Flush(TimeSpan.FromMinutes(5));
        _factory.Shutdown();
    }
}
