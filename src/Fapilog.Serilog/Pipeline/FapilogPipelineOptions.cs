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
    /// The longest an event may wait in a partial batch when the pipeline holds a sink that prefers full batches
    /// (<see cref="IFapilogBufferedBatchSink"/>). The default is 250 ms. Pipelines of local outputs are written
    /// as soon as the queue runs empty and never wait.
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

    /// <summary>The clock behind report intervals. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The waits between attempts when a natively driven batched sink's <c>EmitBatchAsync</c> fails (see
    /// <see cref="NativeBatchedSink"/>). Internal: the policy is documented, and tests shorten it.
    /// </summary>
    internal IReadOnlyList<TimeSpan> BatchRetryDelays { get; set; } = BatchedSinkSettings.DefaultRetryDelays;

    internal int EffectiveProtectedReserve =>
        ProtectedReserve ?? Math.Min(Math.Max(100, QueueLimit / 10), QueueLimit - 1);

    /// <summary>Returns a copy, so that later changes to this object do not reach a running pipeline.</summary>
    internal FapilogPipelineOptions Clone()
    {
        var copy = (FapilogPipelineOptions)MemberwiseClone();
        // Null stays null, so that Validate (which runs on the copy) rejects it instead of it silently meaning
        // "protect nothing": AUDIT and SECURITY would then be dropped under load.
        copy.ProtectedLevels = ProtectedLevels is null ? null! : new List<FapilogLevel>(ProtectedLevels);
        return copy;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    internal void Validate()
    {
        Require(QueueLimit >= 1, nameof(QueueLimit), $"must be at least 1 (was {QueueLimit})");
        Require(QueueLimit <= 1 << 26, nameof(QueueLimit), $"must be at most {1 << 26} (was {QueueLimit})");
        Require(ProtectedReserve is null or >= 0, nameof(ProtectedReserve), $"must be 0 or more (was {ProtectedReserve})");
        Require(EffectiveProtectedReserve < QueueLimit, nameof(ProtectedReserve),
            $"must be less than QueueLimit ({QueueLimit}) so that ordinary events have room (was {EffectiveProtectedReserve})");
        Require(ProtectedLevels is not null, nameof(ProtectedLevels), "must not be null (use an empty list to protect nothing)");
        foreach (var level in ProtectedLevels!)
        {
            Require(Enum.IsDefined(level), nameof(ProtectedLevels), $"contains an unknown level ({(int)level})");
        }

        Require(Enum.IsDefined(FullMode), nameof(FullMode), $"must be Drop or Wait (was {(int)FullMode})");
        RequireWait(MaxWait, nameof(MaxWait), allowInfinite: true);
        RequireWait(ProtectedMaxWait, nameof(ProtectedMaxWait), allowInfinite: true);
        Require(BatchSizeLimit >= 1, nameof(BatchSizeLimit), $"must be at least 1 (was {BatchSizeLimit})");
        Require(BatchSizeLimit <= 1_000_000, nameof(BatchSizeLimit), $"must be at most 1 000 000 (was {BatchSizeLimit})");
        RequireWait(BufferingTimeLimit, nameof(BufferingTimeLimit), allowInfinite: false);
        RequireWait(ShutdownTimeout, nameof(ShutdownTimeout), allowInfinite: false);
        RequireWait(ProcessExitTimeout, nameof(ProcessExitTimeout), allowInfinite: false);
        Require(ReportInterval > TimeSpan.Zero && ReportInterval.TotalMilliseconds <= int.MaxValue, nameof(ReportInterval),
            $"must be between 1 tick and {int.MaxValue} ms (was {ReportInterval})");
        Require(!string.IsNullOrWhiteSpace(Name), nameof(Name), "must not be empty");
        Require(TimeProvider is not null, nameof(TimeProvider), "must not be null");
    }

    private static void RequireWait(TimeSpan value, string name, bool allowInfinite)
    {
        bool ok = value >= TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue
            || allowInfinite && value == Timeout.InfiniteTimeSpan;
        Require(ok, name, allowInfinite
            ? $"must be between 0 and {int.MaxValue} ms, or Timeout.InfiniteTimeSpan (was {value})"
            : $"must be between 0 and {int.MaxValue} ms (was {value})");
    }

    private static void Require(bool condition, string option, string message)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, $"FapilogPipelineOptions.{option} {message}.");
        }
    }
}
