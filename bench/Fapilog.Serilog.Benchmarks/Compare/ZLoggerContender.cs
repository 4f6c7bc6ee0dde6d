using System.IO;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// ZLogger 2 on Microsoft.Extensions.Logging, set up like the other file contenders: its file provider with the
/// built-in System.Text.Json formatter (time, level, category, rendered message, every parameter as a
/// property), its background queue bounded to the same size as the others and blocking when full
/// (<see cref="BackgroundBufferFullMode.Block"/>; ZLogger's default is an unbounded queue). The provider's
/// writer thread writes each drained batch to an unbuffered <see cref="FileStream"/> kept open, without fsync.
/// The call is <c>ZLogInformation</c> with an interpolated string, ZLogger's fast path.
/// </summary>
internal sealed class ZLoggerContender : Contender
{
    private const double Elapsed = 12.5;

    private readonly ILoggerFactory _factory;
    private readonly ILogger _logger;

    public ZLoggerContender(string directory, int queueLimit)
        : base(directory)
    {
        _factory = LoggerFactory.Create(builder => builder
            .ClearProviders()
            .SetMinimumLevel(LogLevel.Trace)
            .AddZLoggerFile(Path.Combine(directory, "zlogger.jsonl"), options =>
            {
                options.FullMode = BackgroundBufferFullMode.Block;
                options.BackgroundBufferCapacity = queueLimit;
                options.UseJsonFormatter(json => json.UseUtcTimestamp = true);
            }));
        _logger = _factory.CreateLogger("bench");
    }

    // The ":@Name" suffix names each property as the other contenders' template does.
    public override void Log(int orderId, string customer) =>
        _logger.ZLogInformation($"Order {orderId:@OrderId} for {customer:@Customer} took {Elapsed:@Elapsed} ms");

    // Disposing the factory disposes the file provider, which completes its queue, waits for the writer to
    // write everything queued, and closes the file.
    public override void Close() => _factory.Dispose();
}
