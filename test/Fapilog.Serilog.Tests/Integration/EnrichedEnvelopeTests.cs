using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Integration;

/// <summary>The enrichers and the envelope together: bound context and runtime facts land where the schema puts them.</summary>
public class EnrichedEnvelopeTests
{
    [Fact]
    public void BoundContextAndRuntimeInfo_LandInContextAndDiagnostics_AndValidate()
    {
        var text = new StringWriter();
        var formatter = new FapilogEnvelopeFormatter();
        var logger = new LoggerConfiguration()
            .Enrich.WithFapilog(service: "shop", environment: "test", version: "1.2.3", includeThread: true)
            .WriteTo.Fapilog(wt => wt.Sink(new TextFormatterSink(formatter, text)), new FapilogPipelineOptions { Name = "enriched", FlushOnProcessExit = false })
            .CreateLogger();

        using (FapilogContext.BindIdentity(requestId: "req-1", userId: "u-7", tenantId: "acme", properties: new[] { new System.Collections.Generic.KeyValuePair<string, object?>("Cart", "c-9") }))
        using (FapilogContext.BeginCorrelation("corr-5"))
        {
            logger.Information("Inside {N}", 1);
        }

        logger.Information("Outside {N}", 2);
        logger.Dispose();

        var written = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, written.Length);
        var (valid, report) = SchemaValidator.Validate(SchemaValidator.EnvelopeSchema, string.Join('\n', written) + "\n");
        Assert.True(valid, report);

        var inside = JsonDocument.Parse(written[0]).RootElement.GetProperty("log");
        var context = inside.GetProperty("context");
        Assert.Equal("req-1", context.GetProperty("request_id").GetString());
        Assert.Equal("u-7", context.GetProperty("user_id").GetString());
        Assert.Equal("acme", context.GetProperty("tenant_id").GetString());
        Assert.Equal("corr-5", context.GetProperty("correlation_id").GetString());
        var diagnostics = inside.GetProperty("diagnostics");
        Assert.Equal("shop", diagnostics.GetProperty("service").GetString());
        Assert.Equal("test", diagnostics.GetProperty("env").GetString());
        Assert.Equal("1.2.3", diagnostics.GetProperty("version").GetString());
        Assert.Equal(Environment.MachineName, diagnostics.GetProperty("host").GetString());
        Assert.Equal(Environment.ProcessId, diagnostics.GetProperty("pid").GetInt32());
        Assert.StartsWith(".NET", diagnostics.GetProperty("runtime").GetString(), StringComparison.Ordinal);
        Assert.True(diagnostics.TryGetProperty("thread_id", out _));
        var data = inside.GetProperty("data");
        Assert.Equal("c-9", data.GetProperty("Cart").GetString());
        Assert.Equal(1, data.GetProperty("N").GetInt32());
        foreach (var moved in new[] { "RequestId", "UserId", "TenantId", "CorrelationId", "ServiceName", "MachineName", "ProcessId", "ThreadId" })
        {
            Assert.False(data.TryGetProperty(moved, out _), moved + " must not be repeated in data");
        }

        var outside = JsonDocument.Parse(written[1]).RootElement.GetProperty("log");
        Assert.Equal(JsonValueKind.Null, outside.GetProperty("context").GetProperty("correlation_id").ValueKind);
        Assert.False(outside.GetProperty("context").TryGetProperty("request_id", out _));
        Assert.Equal("shop", outside.GetProperty("diagnostics").GetProperty("service").GetString());
        Assert.Equal(new[] { "N" }, outside.GetProperty("data").EnumerateObject().Select(p => p.Name));
    }

    /// <summary>A plain Serilog sink around an ITextFormatter, as users put any text sink in a pipeline.</summary>
    private sealed class TextFormatterSink : global::Serilog.Core.ILogEventSink
    {
        private readonly global::Serilog.Formatting.ITextFormatter _formatter;
        private readonly TextWriter _output;

        public TextFormatterSink(global::Serilog.Formatting.ITextFormatter formatter, TextWriter output)
        {
            _formatter = formatter;
            _output = output;
        }

        public void Emit(global::Serilog.Events.LogEvent logEvent) => _formatter.Format(logEvent, _output);
    }
}
