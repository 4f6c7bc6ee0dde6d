using System;
using Serilog.Core;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>A Serilog logger built by the contender's definition; closing disposes it (and so its sinks).</summary>
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

    public override void Close() => _logger.Dispose();
}
