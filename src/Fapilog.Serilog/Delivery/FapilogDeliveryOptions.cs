using System;
using Microsoft.Extensions.Configuration;

namespace Fapilog.Serilog;

/// <summary>
/// How a remote output delivers what the pipeline's writer hands it: its own bounded buffer, batches, retries and
/// circuit breaker, and the bound on its close. Shared by every network output (<c>WriteTo.FapilogHttp(...)</c> first).
/// </summary>
/// <remarks>
/// Each remote output has its own buffer and its own delivery thread with one request in flight, so events leave in
/// order and a slow or dead backend never stalls the pipeline's other outputs. See the README, "Delivery", for what is
/// dropped, failed and reported, and when.
/// </remarks>
public sealed class FapilogDeliveryOptions
{
    /// <summary>The most events in one request. The default is 1 000.</summary>
    public int BatchSizeLimit { get; set; } = 1_000;

    /// <summary>The most bytes of events in one request (an event larger than this is sent alone). The default is 1 MiB.</summary>
    public int BatchBytesLimit { get; set; } = 1024 * 1024;

    /// <summary>The longest an event waits for its batch to fill before the batch is sent anyway. The default is 1 s.</summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most events the output holds (waiting, and in the request in flight). When it is full, new ordinary events
    /// are dropped; a protected one takes the place of the oldest waiting ordinary event. Greater than
    /// <see cref="BatchSizeLimit"/>: the batch in flight counts, and events must be able to wait behind it. The default is 100 000.
    /// </summary>
    public int BufferEventLimit { get; set; } = 100_000;

    /// <summary>The most bytes of events the output holds, counted like <see cref="BufferEventLimit"/>. The default is 64 MiB.</summary>
    public long BufferBytesLimit { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Events at or above this level are protected in the buffer: never dropped while an ordinary event could make room.
    /// The default is <see cref="FapilogLevel.Error"/> (Error, Fatal, Audit, Security), the pipeline's default.
    /// </summary>
    public FapilogLevel ProtectedMinimumLevel { get; set; } = FapilogLevel.Error;

    /// <summary>The first retry's upper bound; each further retry doubles it, up to <see cref="MaxRetryDelay"/>. The default is 500 ms.</summary>
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts (a <c>Retry-After</c> is honoured up to this too). The default is 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a batch is retried while the circuit breaker lets requests through; after that its events fail
    /// (<c>retry_time_exceeded</c>). Time with the breaker open does not count: what the output holds then waits for
    /// the backend. The default is 5 min.
    /// </summary>
    public TimeSpan RetryTimeLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Consecutive failed attempts that open the circuit breaker; 0 turns the breaker off. The default is 5.</summary>
    public int BreakerFailureThreshold { get; set; } = 5;

    /// <summary>How long the breaker stays open before one probe request is let through. The default is 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The bound on the output's close (the pipeline's dispose), counted from the moment the pipeline starts it: what
    /// is still undelivered after it fails (<c>shutdown_timeout</c>), is counted and reported to <c>SelfLog</c>. It also
    /// bounds a deep flush's wait (an explicit flush, SIGTERM, an unhandled exception). The default is 1.5 s, inside the pipeline's default ProcessExitTimeout.
    /// </summary>
    /// <remarks>
    /// The pipeline's own <c>ShutdownTimeout</c> (5 s by default) bounds its whole close, and its
    /// <c>ProcessExitTimeout</c> (2 s by default) the drain at process exit, this one included: keep this below both,
    /// or the pipeline stops waiting before the output has reported what it lost. Several remote outputs of one
    /// pipeline drain in parallel, each within its own bound, so they do not add up.
    /// </remarks>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Which events are written to the output's disk spool as they arrive, so that an outage, a slow backend or a
    /// process restart loses none of them: the spool is read back in order, merged with memory, and what is left at a
    /// close (or a crash) is delivered first by the next process that opens the folder. The default is
    /// <see cref="FapilogSpoolMode.Protected"/>; <see cref="FapilogSpoolMode.All"/> is the opt-in for every event.
    /// </summary>
    public FapilogSpoolMode Spool { get; set; } = FapilogSpoolMode.Protected;

    /// <summary>
    /// The spool's folder, one per output (a folder another process or output holds fails the configuration). The
    /// default is <see langword="null"/>: <c>$FAPILOG_SPOOL_DIRECTORY</c>, else the user's local application data
    /// under <c>fapilog/spool</c>, in a folder named after the application and the output (when that cannot be
    /// opened the output goes on without a spool and says so to <c>SelfLog</c>).
    /// </summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>
    /// The most bytes the spool keeps on disk. Ordinary events are refused by the spool once it would pass nine tenths
    /// of this, protected ones only at the limit itself; a refused event waits in memory instead, under the buffer's
    /// rules. The default is 256 MiB.
    /// </summary>
    public long SpoolBytesLimit { get; set; } = 256L * 1024 * 1024;

    /// <summary>The clock of batching, backoff and the breaker; tests pass a fake one.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The jitter's source of [0, 1) numbers; tests pass a fixed one.</summary>
    internal Func<double> Random { get; set; } = System.Random.Shared.NextDouble;

    internal FapilogDeliveryOptions Clone() => (FapilogDeliveryOptions)MemberwiseClone();

    /// <summary>
    /// Reads a <c>delivery</c> object of an <c>appsettings.json</c> overload (these options in camel case:
    /// <c>{ "batchSizeLimit": 500, "closeTimeout": "00:00:01" }</c>) into these options; the options it does not name
    /// keep their values. Ranges are not checked here: <see cref="Validate"/> does.
    /// </summary>
    /// <param name="section">The <c>delivery</c> object.</param>
    /// <param name="naming">How its options are named in errors: the method's naming, nested (<c>ForArguments("FapilogSeq").Nested("Delivery")</c>).</param>
    /// <exception cref="ArgumentException">An option is unknown or its text is not in its form; the message names it and the valid ones.</exception>
    public void Read(IConfigurationSection section, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(naming);
        Outputs.Remote.RemoteArguments.ReadDelivery(this, naming, section);
    }

    /// <summary>Checks every option, naming it as <paramref name="naming"/> does.</summary>
    /// <param name="naming">How the options are named in errors: <c>ForOptions("FapilogSeqOptions").Nested("Delivery")</c>, say.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message names it, its value and the valid values.</exception>
    public void Validate(OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(naming);
        Require(BatchSizeLimit >= 1, nameof(BatchSizeLimit), BatchSizeLimit, naming);
        Require(BatchBytesLimit >= 1, nameof(BatchBytesLimit), BatchBytesLimit, naming);
        Require(Positive(BatchTimeLimit), nameof(BatchTimeLimit), BatchTimeLimit, naming);
        Require(BufferEventLimit > BatchSizeLimit, nameof(BufferEventLimit), BufferEventLimit, naming);
        Require(BufferBytesLimit >= BatchBytesLimit, nameof(BufferBytesLimit), BufferBytesLimit, naming);
        Require(Enum.IsDefined(ProtectedMinimumLevel), nameof(ProtectedMinimumLevel), ProtectedMinimumLevel, naming);
        Require(Positive(MinRetryDelay), nameof(MinRetryDelay), MinRetryDelay, naming);
        Require(MaxRetryDelay >= MinRetryDelay && Positive(MaxRetryDelay), nameof(MaxRetryDelay), MaxRetryDelay, naming);
        Require(Positive(RetryTimeLimit), nameof(RetryTimeLimit), RetryTimeLimit, naming);
        Require(BreakerFailureThreshold >= 0, nameof(BreakerFailureThreshold), BreakerFailureThreshold, naming);
        Require(Positive(BreakDuration), nameof(BreakDuration), BreakDuration, naming);
        Require(Positive(CloseTimeout), nameof(CloseTimeout), CloseTimeout, naming);
        Require(Enum.IsDefined(Spool), nameof(Spool), Spool, naming);
        Require(SpoolDirectory is null || SpoolDirectory.Trim().Length > 0, nameof(SpoolDirectory), "(empty)", naming);
        Require(SpoolBytesLimit >= 1024 * 1024, nameof(SpoolBytesLimit), SpoolBytesLimit, naming);
    }

    /// <summary>The values each option accepts, as the messages list them.</summary>
    internal static string ValidValues(string option) => option switch
    {
        nameof(BatchSizeLimit) or nameof(BatchBytesLimit) => "at least 1",
        nameof(BufferEventLimit) => "greater than BatchSizeLimit, so that events can wait behind a full batch in flight",
        nameof(BufferBytesLimit) => "at least BatchBytesLimit",
        nameof(ProtectedMinimumLevel) => OptionNaming.Names<FapilogLevel>(),
        nameof(MaxRetryDelay) => "time spans written [d.]hh:mm:ss[.fff] of at least MinRetryDelay",
        nameof(BreakerFailureThreshold) => "0 (no breaker) or more",
        nameof(Spool) => OptionNaming.Names<FapilogSpoolMode>(),
        nameof(SpoolDirectory) => "a folder path, or null for the default folder",
        nameof(SpoolBytesLimit) => "at least 1048576 (1 MiB)",
        nameof(BatchTimeLimit) or nameof(MinRetryDelay) or nameof(RetryTimeLimit) or nameof(BreakDuration) or nameof(CloseTimeout)
            => "time spans written [d.]hh:mm:ss[.fff] greater than 00:00:00 and at most 1 day",
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not an option of FapilogDeliveryOptions."),
    };

    private static bool Positive(TimeSpan span) => span > TimeSpan.Zero && span <= TimeSpan.FromDays(1);

    private static void Require(bool condition, string option, object? value, OptionNaming naming)
    {
        if (!condition)
        {
            throw naming.OutOfRange(option, OptionNaming.Show(value), ValidValues(option));
        }
    }
}
