using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// ZLogger 2 on Microsoft.Extensions.Logging, set up like the other file contenders: its file provider with the
/// built-in System.Text.Json formatter (time, level, category, rendered message, every parameter as a
/// property), its background queue bounded to the same size as the others and blocking when full
/// (<see cref="BackgroundBufferFullMode.Block"/>; ZLogger's default is an unbounded queue). The provider's
/// writer thread writes each drained batch to an unbuffered <see cref="FileStream"/> kept open, without fsync.
/// The call is <c>ZLogInformation</c> with an interpolated string, ZLogger's fast path. For the realistic
/// workload: scopes on (<c>IncludeScopes</c>), the request context as one <c>BeginScope</c> state, the trace and
/// span ids from MEL's own <c>ActivityTrackingOptions</c> (read from <c>Activity.Current</c> per event), and the
/// six runtime fields written as constants by the formatter's <c>AdditionalFormatter</c>.
/// </summary>
internal sealed class ZLoggerContender : Contender
{
    private const double Elapsed = 12.5;

    private static readonly JsonEncodedText[] RuntimeNames =
        [.. new[] { "ServiceName", "EnvironmentName", "ServiceVersion", "MachineName", "Runtime" }.Select(n => JsonEncodedText.Encode(n))];

    private static readonly JsonEncodedText[] RuntimeValues =
        [.. new[] { RealisticEvent.Service, RealisticEvent.Environment, RealisticEvent.Version, RealisticEvent.MachineName, RealisticEvent.Runtime }.Select(v => JsonEncodedText.Encode(v))];

    private static readonly JsonEncodedText ProcessIdName = JsonEncodedText.Encode("ProcessId");

    private readonly ILoggerFactory _factory;
    private readonly ILogger _logger;

    public ZLoggerContender(string directory, int queueLimit, WorkloadKind kind = WorkloadKind.Orders)
        : base(directory)
    {
        bool realistic = kind == WorkloadKind.Realistic;
        _factory = LoggerFactory.Create(builder =>
        {
            builder
                .ClearProviders()
                .SetMinimumLevel(LogLevel.Trace)
                .AddZLoggerFile(Path.Combine(directory, "zlogger.jsonl"), options =>
                {
                    options.FullMode = BackgroundBufferFullMode.Block;
                    options.BackgroundBufferCapacity = queueLimit;
                    options.IncludeScopes = realistic;
                    options.UseJsonFormatter(json =>
                    {
                        json.UseUtcTimestamp = true;
                        if (realistic)
                        {
                            json.AdditionalFormatter = WriteRuntime;
                        }
                    });
                });
            if (realistic)
            {
                builder.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            }
        });
        _logger = _factory.CreateLogger("bench");
    }

    // The ":@Name" suffix names each property as the other contenders' template does.
    public override void Log(int orderId, string customer) =>
        _logger.ZLogInformation($"Order {orderId:@OrderId} for {customer:@Customer} took {Elapsed:@Elapsed} ms");

    public override void LogRealistic(in RealisticCall call)
    {
        var (method, path, status, elapsed, order, ip) = (call.Method, call.Path, call.StatusCode, call.Elapsed, call.Order, call.ClientIp);
        if (call.Error is null)
        {
            _logger.ZLogInformation($"HTTP {method:@Method} {path:@Path} responded {status:@StatusCode} in {elapsed:@Elapsed} ms for {order:@Order:json} from {ip:@ClientIp}");
        }
        else
        {
            _logger.ZLogError(call.Error, $"HTTP {method:@Method} {path:@Path} responded {status:@StatusCode} in {elapsed:@Elapsed} ms for {order:@Order:json} from {ip:@ClientIp}");
        }
    }

    public override IDisposable? BeginRequest(RequestContext request) =>
        _logger.BeginScope(new KeyValuePair<string, object?>[]
        {
            new("RequestId", request.RequestId),
            new("UserId", request.UserId),
            new("TenantId", request.TenantId),
        });

    // Disposing the factory disposes the file provider, which completes its queue, waits for the writer to
    // write everything queued, and closes the file.
    public override void Close() => _factory.Dispose();

    private static void WriteRuntime(Utf8JsonWriter writer, in LogInfo info)
    {
        for (int f = 0; f < RuntimeNames.Length; f++)
        {
            writer.WriteString(RuntimeNames[f], RuntimeValues[f]);
        }

        writer.WriteNumber(ProcessIdName, RealisticEvent.ProcessId);
    }
}
