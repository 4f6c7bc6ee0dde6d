using System;
using System.Collections.Generic;
using System.Threading;

namespace Fapilog.Serilog;

/// <summary>Options of a <c>WriteTo.Fapilog(...)</c> pipeline.</summary>
/// <remarks>
/// Names follow Serilog 4's <c>BatchingOptions</c> where the meaning is the same. Options are validated
/// when the logger is configured; an out-of-range value throws an <see cref="ArgumentException"/> naming it.
/// </remarks>
public sealed class FapilogPipelineOptions
{
    /// <summary>The default protected levels: Error, Fatal, Audit and Security.</summary>
    public static IReadOnlyList<FapilogLevel> DefaultProtectedLevels { get; } =
        new[] { FapilogLevel.Error, FapilogLevel.Fatal, FapilogLevel.Audit, FapilogLevel.Security };

    internal const int MaxQueueLimit = 1 << 26;

    internal const int MaxBatchSizeLimit = 1_000_000;

    // The longest wait a thread or monitor timeout takes: int.MaxValue milliseconds (24.20:31:23.647).
    internal static readonly TimeSpan MaxWaitSpan = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Capacity of the bounded queue, in events. The default is 10 000.</summary>
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>
    /// Levels that may use the protected reserve and wait <see cref="ProtectedMaxWait"/> instead of being
    /// dropped. The default is Error, Fatal, Audit and Security.
    /// </summary>
    public IReadOnlyCollection<FapilogLevel> ProtectedLevels { get; set; } = DefaultProtectedLevels;

    /// <summary>
    /// Slots only protected events may use: ordinary events see <c>QueueLimit - ProtectedReserve</c>.
    /// The default (<see langword="null"/>) is <c>max(100, QueueLimit / 10)</c>, capped below <see cref="QueueLimit"/>.
    /// </summary>
    public int? ProtectedReserve { get; set; }

    /// <summary>What an ordinary event does when the queue is full. The default is <see cref="QueueFullMode.Drop"/>.</summary>
    public QueueFullMode FullMode { get; set; } = QueueFullMode.Drop;

    /// <summary>
    /// The bounded wait of <see cref="QueueFullMode.Wait"/>. The default is 50 ms;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits until there is room.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long a protected event waits when even the reserve is full; then it is dropped, counted and
    /// reported to <c>SelfLog</c> at once. The default is 1 s.
    /// </summary>
    public TimeSpan ProtectedMaxWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most events handed to the sinks in one batch. The default is 1 000.</summary>
    public int BatchSizeLimit { get; set; } = 1_000;

    /// <summary>
    /// How often a natively driven Serilog 4 or PeriodicBatching sink that overrides <c>OnEmptyBatchAsync</c> gets it
    /// while the pipeline is idle (at most every 100 ms). The default is 250 ms. Batches themselves never wait: the
    /// writer hands out what is queued as soon as it takes it.
    /// </summary>
    public TimeSpan BufferingTimeLimit { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The bound on draining at <c>Dispose</c> / <c>Log.CloseAndFlush()</c>. The default is 5 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Drain on <c>AppDomain.ProcessExit</c> and after an unhandled exception, so that a forgotten
    /// <c>Log.CloseAndFlush()</c> or a crash does not lose the tail. The default is <see langword="true"/>.
    /// </summary>
    public bool FlushOnProcessExit { get; set; } = true;

    /// <summary>The bound on the drain of <see cref="FlushOnProcessExit"/>. The default is 2 s.</summary>
    public TimeSpan ProcessExitTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Identifies the pipeline in metrics, <c>SelfLog</c> lines and <see cref="FapilogPipelines"/>.
    /// The default is <c>"default"</c>.
    /// </summary>
    public string Name { get; set; } = "default";

    /// <summary>How often <c>SelfLog</c> summaries of drops and failures are written at most. The default is 10 s.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The clock behind report intervals. The default is <see cref="TimeProvider.System"/>. Set in code only: a
    /// configuration file cannot name a clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Sampling and filters (level sampling, rate limiting, first occurrence, duplicate errors), run on the writer
    /// thread before any other stage. The default is none. See <see cref="FapilogSamplingOptions"/>.
    /// </summary>
    public FapilogSamplingOptions? Sampling { get; set; }

    /// <summary>
    /// The waits between attempts when a natively driven batched sink's <c>EmitBatchAsync</c> fails (see
    /// <see cref="NativeBatchedSink"/>). Internal: the policy is documented, and tests shorten it.
    /// </summary>
    internal IReadOnlyList<TimeSpan> BatchRetryDelays { get; set; } = BatchedSinkSettings.DefaultRetryDelays;

    /// <summary>
    /// Redaction of every event before any output of the pipeline sees it. The default is on, with the
    /// <see cref="RedactionPreset.Credentials"/> preset; <see cref="FapilogRedactionOptions.Disabled"/> switches it off.
    /// </summary>
    public FapilogRedactionOptions Redaction { get; set; } = new();

    /// <summary>The writer-side stages (redaction, sampling) run once per event before dispatch; none by default.</summary>
    internal IReadOnlyList<IEventStage> Stages { get; set; } = Array.Empty<IEventStage>();

    /// <summary>Where the process-exit hooks listen (<see cref="FlushOnProcessExit"/>); tests raise the events by hand.</summary>
    internal IProcessEvents ProcessEvents { get; set; } = SystemProcessEvents.Instance;

    internal int EffectiveProtectedReserve =>
        ProtectedReserve ?? Math.Min(Math.Max(100, QueueLimit / 10), QueueLimit - 1);

    /// <summary>Returns a copy, so that later changes to this object do not reach a running pipeline.</summary>
    internal FapilogPipelineOptions Clone()
    {
        var copy = (FapilogPipelineOptions)MemberwiseClone();
        // Null stays null, so that Validate (which runs on the copy) rejects it instead of it silently meaning
        // "protect nothing": AUDIT and SECURITY would then be dropped under load.
        copy.ProtectedLevels = ProtectedLevels is null ? null! : new List<FapilogLevel>(ProtectedLevels);
        copy.Sampling = Sampling?.Clone();
        copy.Redaction = Redaction?.Clone()!;
        return copy;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    internal void Validate() => Validate(OptionNaming.PipelineOptions);

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first option that is out of range, as
    /// <paramref name="naming"/> names options (properties, or the arguments of <c>WriteTo.Fapilog</c>).
    /// </summary>
    internal void Validate(OptionNaming naming)
    {
        Require(QueueLimit is >= 1 and <= MaxQueueLimit, nameof(QueueLimit), QueueLimit, naming);
        Require(ProtectedReserve is null or >= 0 && EffectiveProtectedReserve < QueueLimit, nameof(ProtectedReserve), ProtectedReserve, naming);
        if (ProtectedLevels is null)
        {
            throw naming.Missing(nameof(ProtectedLevels), ValidValues(nameof(ProtectedLevels), naming));
        }

        foreach (var level in ProtectedLevels)
        {
            Require(Enum.IsDefined(level), nameof(ProtectedLevels), (int)level, naming);
        }

        Require(Enum.IsDefined(FullMode), nameof(FullMode), (int)FullMode, naming);
        Require(IsWait(MaxWait, allowInfinite: true), nameof(MaxWait), MaxWait, naming);
        Require(IsWait(ProtectedMaxWait, allowInfinite: true), nameof(ProtectedMaxWait), ProtectedMaxWait, naming);
        Require(BatchSizeLimit is >= 1 and <= MaxBatchSizeLimit, nameof(BatchSizeLimit), BatchSizeLimit, naming);
        Require(IsWait(BufferingTimeLimit, allowInfinite: false), nameof(BufferingTimeLimit), BufferingTimeLimit, naming);
        Require(IsWait(ShutdownTimeout, allowInfinite: false), nameof(ShutdownTimeout), ShutdownTimeout, naming);
        Require(IsWait(ProcessExitTimeout, allowInfinite: false), nameof(ProcessExitTimeout), ProcessExitTimeout, naming);
        Require(ReportInterval > TimeSpan.Zero && ReportInterval <= MaxWaitSpan, nameof(ReportInterval), ReportInterval, naming);
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw Name is null
                ? naming.Missing(nameof(Name), ValidValues(nameof(Name), naming))
                : naming.OutOfRange(nameof(Name), Name, ValidValues(nameof(Name), naming));
        }

        Sampling?.Validate(naming.Nested(nameof(Sampling)));
        if (TimeProvider is null)
        {
            throw naming.Missing(nameof(TimeProvider), ValidValues(nameof(TimeProvider), naming));
        }

        if (Redaction is null)
        {
            throw naming.Missing(nameof(Redaction), ValidValues(nameof(Redaction), naming));
        }

        Redaction.Validate(naming.Nested(nameof(Redaction)));
    }

    /// <summary>
    /// The values <paramref name="option"/> accepts, as the messages list them: the one description used both
    /// when a value is out of range and when a configuration text does not parse.
    /// </summary>
    internal string ValidValues(string option, OptionNaming naming) => option switch
    {
        nameof(QueueLimit) => $"1 to {MaxQueueLimit}",
        nameof(ProtectedReserve) => QueueLimit > 1
            ? $"0 to {QueueLimit - 1} (less than the queue limit, {QueueLimit}, so that ordinary events have room), or none for max(100, queue limit / 10)"
            : "none, for max(100, queue limit / 10)",
        nameof(ProtectedLevels) => $"a list of {OptionNaming.Names<FapilogLevel>()} (an empty list protects nothing)",
        nameof(FullMode) => OptionNaming.Names<QueueFullMode>(),
        nameof(MaxWait) or nameof(ProtectedMaxWait) => naming.TimeSpans(TimeSpan.Zero, MaxWaitSpan, allowInfinite: true),
        nameof(BatchSizeLimit) => $"1 to {MaxBatchSizeLimit}",
        nameof(BufferingTimeLimit) or nameof(ShutdownTimeout) or nameof(ProcessExitTimeout) =>
            naming.TimeSpans(TimeSpan.Zero, MaxWaitSpan, allowInfinite: false),
        nameof(FlushOnProcessExit) => "true, false",
        nameof(ReportInterval) => naming.TimeSpans(TimeSpan.FromTicks(1), MaxWaitSpan, allowInfinite: false),
        nameof(Name) => "a name that is not empty",
        nameof(Sampling) => "a FapilogSamplingOptions, or none",
        nameof(Redaction) => "redaction options (FapilogRedactionOptions.Disabled to switch redaction off)",
        nameof(TimeProvider) => "a TimeProvider (set in code; it cannot be read from a configuration file)",
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not an option of FapilogPipelineOptions."),
    };

    private static bool IsWait(TimeSpan value, bool allowInfinite) =>
        value >= TimeSpan.Zero && value <= MaxWaitSpan || allowInfinite && value == Timeout.InfiniteTimeSpan;

    private void Require(bool condition, string option, object? value, OptionNaming naming)
    {
        if (!condition)
        {
            throw naming.OutOfRange(option, OptionNaming.Show(value), ValidValues(option, naming));
        }
    }
}
