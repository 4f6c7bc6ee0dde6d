using System;
using System.Buffers;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Delivery;

/// <summary>A network output owns the record formatter it was built with (Loki's holds a pooled buffer): its close releases it.</summary>
public sealed class DeliveryOutputOwnershipTests
{
    [Fact]
    public void Dispose_DisposesTheOutputsOwnFormatter_OnceTheDeliveryThreadIsDone()
    {
        var formatter = new DisposableFormatter();
        using var transport = new ScriptedTransport(TimeProvider.System);
        var output = new DeliveryOutput("owned", formatter, LogEventLevel.Verbose, new FapilogDeliveryOptions { Spool = FapilogSpoolMode.Off }, transport);

        output.EmitBatch(Batches.Numbered(1, 3));
        Assert.Equal(0, formatter.Disposed);
        output.Dispose();
        output.Dispose();

        Assert.Equal(1, formatter.Disposed);
        Assert.Equal(3, output.Snapshot().Delivered);
    }

    private sealed class DisposableFormatter : IUtf8EventFormatter, IDisposable
    {
        private readonly TestLineFormatter _inner = new();

        public int Disposed { get; private set; }

        public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
        {
            ObjectDisposedException.ThrowIf(Disposed > 0, this);
            _inner.Format(in logEvent, output);
        }

        public void Dispose() => Disposed++;
    }
}
