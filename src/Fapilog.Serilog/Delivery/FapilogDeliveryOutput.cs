using System;
using System.Globalization;
using System.Threading;
using Fapilog.Serilog.Formatting;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// Builds an output on the shared delivery stage around a <see cref="FapilogDeliveryTransport"/>: the seam through which
/// an output of another package (the PostgreSQL one, say) gets what the core's network outputs have: its own bounded
/// buffer and delivery thread, batching, retry with backoff, the circuit breaker, the disk spool, the close's bound, a
/// deep flush, and its figures (<see cref="FapilogPipeline.GetOutputStats"/>, the <c>fapilog.output.*</c> metrics).
/// </summary>
/// <remarks>See <c>docs/delivery-seam.md</c> for a transport's contract and a worked example.</remarks>
public static class FapilogDeliveryOutput
{
    private static readonly OptionNaming DeliveryNaming = OptionNaming.ForOptions(nameof(FapilogDeliveryOptions));

    /// <summary>
    /// Creates the output; its delivery thread starts here. The pipeline treats it as it treats the core's network
    /// outputs: add it inside <c>WriteTo.Fapilog(wt =&gt; wt.Sink(output))</c>, or with <see cref="AddTo"/>.
    /// </summary>
    /// <param name="name">The output's name in stats, metrics, <c>SelfLog</c> and the default spool folder.</param>
    /// <param name="format">How each event is written into its record: the fapilog envelope, CLEF or rendered CLEF.</param>
    /// <param name="minimumLevel">The lowest level the output takes.</param>
    /// <param name="options">The delivery options; copied and checked here, so later changes do not reach the output.</param>
    /// <param name="transport">The transport; the output owns it from here and disposes it at its close.</param>
    /// <returns>The output, to add to a pipeline.</returns>
    /// <exception cref="ArgumentException">An argument is missing, or an option out of range (named <c>FapilogDeliveryOptions.X</c>; check them first with <see cref="FapilogDeliveryOptions.Validate"/> to name them your way).</exception>
    public static ILogEventSink Create(string name, FapilogFormat format, LogEventLevel minimumLevel, FapilogDeliveryOptions options, FapilogDeliveryTransport transport)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        var delivery = options.Clone();
        delivery.Validate(DeliveryNaming);
        var formatter = FormatterFactory.Create(format);
        return new DeliveryOutput(name, formatter, minimumLevel, delivery, new TransportAdapter(transport));
    }

    /// <summary>
    /// Adds an output to a logger configuration: to the pipeline being configured when called inside
    /// <c>WriteTo.Fapilog(wt =&gt; ...)</c>, otherwise behind a pipeline of its own named
    /// <paramref name="implicitPipelineName"/> (so that a <c>WriteTo.YourOutput(...)</c> method works on its own, as the
    /// core's do).
    /// </summary>
    /// <param name="sinkConfiguration">The <c>WriteTo</c> the output's configuration method was called on.</param>
    /// <param name="output">The output, from <see cref="Create"/>.</param>
    /// <param name="implicitPipelineName">The name of the pipeline created for it outside <c>WriteTo.Fapilog</c>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration AddTo(LoggerSinkConfiguration sinkConfiguration, ILogEventSink output, string implicitPipelineName)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(implicitPipelineName);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, output, implicitPipelineName);
    }

    /// <summary>
    /// The figures of an output made by <see cref="Create"/>, also outside a pipeline and after its close (in a pipeline,
    /// <see cref="FapilogPipeline.GetOutputStats"/> shows the same).
    /// </summary>
    /// <param name="output">The output, from <see cref="Create"/>.</param>
    /// <returns>A snapshot of its figures.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> was not made by <see cref="Create"/>.</exception>
    public static FapilogOutputStats GetStats(ILogEventSink output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output is DeliveryOutput delivery
            ? delivery.GetStats()
            : throw new ArgumentException("Fapilog: the sink is not an output of the delivery stage (FapilogDeliveryOutput.Create makes those).", nameof(output));
    }

    /// <summary>
    /// The delivery stage's side of a public transport: one view of the loop's one batch, made once, so that a send
    /// allocates nothing (an outcome with a wait asked for words it for the loop, on failures only).
    /// </summary>
    private sealed class TransportAdapter : IDeliveryTransport
    {
        private readonly FapilogDeliveryTransport _transport;
        private FapilogDeliveryBatch? _view;

        public TransportAdapter(FapilogDeliveryTransport transport) => _transport = transport;

        public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
        {
            var view = _view ??= new FapilogDeliveryBatch(batch);
            if (!ReferenceEquals(view.Inner, batch))
            {
                view.Show(batch);
            }

            FapilogDeliveryOutcome outcome;
            view.Begin();
            try
            {
                outcome = _transport.Send(view, cancel);
            }
            finally
            {
                view.Close();
            }

            string? retryAfter = outcome.RetryAfter is { } wait
                ? ((long)Math.Ceiling(Math.Clamp(wait.TotalSeconds, 0, int.MaxValue))).ToString(CultureInfo.InvariantCulture)
                : null;
            return outcome.Kind switch
            {
                FapilogDeliveryOutcomeKind.Delivered => DeliveryOutcome.Delivered,
                FapilogDeliveryOutcomeKind.Transient => DeliveryOutcome.Transient(outcome.Error ?? "transient failure", retryAfter),
                FapilogDeliveryOutcomeKind.Permanent => DeliveryOutcome.Permanent(outcome.Error ?? "refused"),
                FapilogDeliveryOutcomeKind.PerItem => DeliveryOutcome.PerItem(outcome.Error, retryAfter),
                _ => DeliveryOutcome.Transient("the transport returned an unknown outcome (" + (int)outcome.Kind + ")"),
            };
        }

        public void Dispose() => _transport.Dispose();
    }
}
