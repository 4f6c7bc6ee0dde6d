using System;
using Serilog.Core;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// A Serilog logger built by the contender's definition; closing disposes it (and so its sinks). For the
/// realistic workload the definition adds <c>Enrich.WithFapilog(...)</c>, and the request context is bound with
/// <see cref="FapilogContext.BindIdentity"/> (read by the same enricher); Serilog itself captures the trace
/// and span ids of <c>Activity.Current</c>.
/// </summary>
internal sealed class SerilogContender : Contender
{
    private readonly Logger _logger;
    private readonly Func<long>? _drops;
    private readonly Func<long>? _delivered;

    public SerilogContender(string directory, Logger logger, Func<long>? drops = null, Func<long>? delivered = null)
        : base(directory)
    {
        _logger = logger;
        _drops = drops;
        _delivered = delivered;
    }

    public override long CountDelivered() => _delivered?.Invoke() ?? base.CountDelivered();

    public override long ReportedDrops => _drops?.Invoke() ?? -1;

    public override void Log(int orderId, string customer) =>
        _logger.Information("Order {OrderId} for {Customer} took {Elapsed} ms", orderId, customer, 12.5);

    public override void LogRealistic(in RealisticCall call)
    {
        if (call.Error is null)
        {
            _logger.Information(RealisticEvent.Template, call.Method, call.Path, call.StatusCode, call.Elapsed, call.Order, call.ClientIp);
        }
        else
        {
            _logger.Error(call.Error, RealisticEvent.Template, call.Method, call.Path, call.StatusCode, call.Elapsed, call.Order, call.ClientIp);
        }
    }

    public override IDisposable BeginRequest(RequestContext request) =>
        FapilogContext.BindIdentity(requestId: request.RequestId, userId: request.UserId, tenantId: request.TenantId);

    public override void Close() => _logger.Dispose();
}
