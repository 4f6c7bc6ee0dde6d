using System;
using System.Diagnostics;
using System.Text.Json;
using Fapilog.Serilog.PostgreSql.Tests.Support;
using Npgsql;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary>Events written into a real PostgreSQL 15: every one arrives, with its columns and its whole envelope.</summary>
public sealed class PostgreSqlOutputTests : IClassFixture<PostgresServer>
{
    private readonly PostgresServer _server;

    public PostgreSqlOutputTests(PostgresServer server) => _server = server;

    [Fact]
    public void EveryEvent_Arrives_WithItsColumnsAndTheWholeEnvelopeAsJsonb()
    {
        var options = Events.Options(_server, table: "every_event");

        // The trace context of the events: Serilog takes it from the current activity.
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        using (var logger = new LoggerConfiguration().Enrich.WithProperty("CorrelationId", "corr-42")
                   .WriteTo.FapilogPostgreSql(options).CreateLogger())
        {
            for (int n = 1; n <= 300; n++)
            {
                logger.ForContext("SourceContext", "Shop.Orders").Write(n % 3 == 0 ? LogEventLevel.Warning : LogEventLevel.Information, "Order {N} placed by {User}", n, "ann");
            }
        }

        Assert.Equal(300L, _server.Count("every_event"));
        Assert.Equal(300L, Convert.ToInt64(_server.Scalar("SELECT count(DISTINCT message_id) FROM every_event")));
        using var connection = new NpgsqlConnection(_server.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT timestamp, level, logger, message, message_id, correlation_id, trace_id, span_id, envelope::text FROM every_event", connection);
        using var reader = command.ExecuteReader();
        int rows = 0;
        while (reader.Read())
        {
            rows++;
            using var envelope = JsonDocument.Parse(reader.GetString(8));
            var log = envelope.RootElement.GetProperty("log");
            Assert.Equal("1.1", envelope.RootElement.GetProperty("schema_version").GetString());
            Assert.Equal(log.GetProperty("timestamp").GetDateTimeOffset().UtcDateTime, reader.GetFieldValue<DateTime>(0));
            Assert.Equal(log.GetProperty("level").GetString(), reader.GetString(1));
            Assert.Equal("Shop.Orders", reader.GetString(2));
            Assert.Equal(log.GetProperty("message").GetString(), reader.GetString(3));
            Assert.StartsWith("Order ", reader.GetString(3), StringComparison.Ordinal);
            Assert.Equal(log.GetProperty("context").GetProperty("message_id").GetGuid(), reader.GetGuid(4));
            Assert.Equal("corr-42", reader.GetString(5));
            Assert.Equal(activity.TraceId.ToHexString(), reader.GetString(6));
            Assert.Equal(log.GetProperty("context").GetProperty("trace_id").GetString(), reader.GetString(6));
            Assert.Equal(activity.SpanId.ToHexString(), reader.GetString(7));
            Assert.Equal(log.GetProperty("context").GetProperty("span_id").GetString(), reader.GetString(7));
            Assert.Equal("ann", log.GetProperty("data").GetProperty("User").GetString());
        }

        Assert.Equal(300, rows);
        Assert.Equal(100L, Convert.ToInt64(_server.Scalar("SELECT count(*) FROM every_event WHERE level = 'WARNING'")));
        Assert.Equal(300L, Convert.ToInt64(_server.Scalar("SELECT count(*) FROM every_event WHERE envelope @> '{\"log\":{\"data\":{\"User\":\"ann\"}}}'")));
    }

    [Fact]
    public void AutoCreateTable_CreatesTheSchemaTableAndIndexes_AndTheLayoutIsTheDocumentedOne()
    {
        var options = Events.Options(_server, table: "made");
        options.Schema = "Audit Logs";
        using (var output = Events.Output(options))
        {
            Events.EmitNumbered(output, 1, 10);
        }

        Assert.Equal(10L, _server.Count("\"Audit Logs\".made"));
        string indexes = (string)_server.Scalar(
            "SELECT string_agg(indexdef, E'\\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'Audit Logs' AND tablename = 'made'")!;
        Assert.Contains("USING btree (\"timestamp\")", indexes, StringComparison.Ordinal);
        Assert.Contains("USING btree (level)", indexes, StringComparison.Ordinal);
        Assert.Contains("USING btree (correlation_id)", indexes, StringComparison.Ordinal);
        Assert.Contains("USING gin (envelope jsonb_path_ops)", indexes, StringComparison.Ordinal);
        Assert.Contains("UNIQUE INDEX made_pkey ON \"Audit Logs\".made USING btree (message_id)", indexes, StringComparison.Ordinal);
        string columns = (string)_server.Scalar(
            "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'Audit Logs' AND table_name = 'made'")!;
        Assert.Equal(
            "timestamp timestamp with time zone, level text, logger text, message text, message_id uuid, correlation_id text, request_id text, user_id text, "
            + "tenant_id text, trace_id text, span_id text, service text, env text, host text, envelope jsonb",
            columns);
    }

    [Fact]
    public void MaliciousValues_InTheMessage_APropertyName_AndTheLoggerName_AreStoredAsData_AndTheTableSurvives()
    {
        const string Attack = "'); DROP TABLE logs; --";
        var options = Events.Options(_server, table: "logs");
        using (var output = Events.Output(options))
        {
            output.Emit(Events.Event("{Value}", LogEventLevel.Error, ("Value", Attack), ("SourceContext", Attack), (Attack, Attack)));
            output.Emit(Events.Event("Quote \" and backslash \\ {V}", LogEventLevel.Warning, ("V", "$$; DROP TABLE logs; $$ \"x\"")));
        }

        Assert.Equal(2L, _server.Count("logs"));
        Assert.Equal(Attack, _server.Scalar("SELECT message FROM logs WHERE level = 'ERROR'"));
        Assert.Equal(Attack, _server.Scalar("SELECT logger FROM logs WHERE level = 'ERROR'"));
        Assert.Equal(Attack, _server.Scalar("SELECT envelope->'log'->'data'->>'" + Attack.Replace("'", "''", StringComparison.Ordinal) + "' FROM logs WHERE level = 'ERROR'"));
        Assert.Equal("Quote \" and backslash \\ $$; DROP TABLE logs; $$ \"x\"", _server.Scalar("SELECT message FROM logs WHERE level = 'WARNING'"));
    }

    [Fact]
    public void AMaliciousTableName_IsQuoted_SoItNamesATable_AndDropsNone()
    {
        const string Name = "logs\"; DROP TABLE canary; --";
        _server.Execute("CREATE TABLE canary (x int); INSERT INTO canary VALUES (1)");
        using (var output = Events.Output(Events.Options(_server, table: Name)))
        {
            Events.EmitNumbered(output, 1, 3);
        }

        Assert.Equal(3L, _server.Count("\"logs\"\"; DROP TABLE canary; --\""));
        Assert.Equal(1L, _server.Count("canary"));
    }

    [Fact]
    public void ANulCharacter_BecomesUFFFD_AndItsBatchIsDelivered()
    {
        using (var output = Events.Output(Events.Options(_server, table: "nul")))
        {
            output.EmitBatch(new[]
            {
                FapilogEvent.Standalone(Events.Event("before {V} after", LogEventLevel.Information, ("V", "a\0b"))),
                FapilogEvent.Standalone(Events.Numbered(2)),
            });
            output.Dispose();
            var stats = output.Snapshot();
            Assert.Equal(2, stats.Delivered);
        }

        Assert.Equal("before a\uFFFDb after", _server.Scalar("SELECT message FROM nul WHERE message LIKE 'before%'"));
        Assert.Equal("a\uFFFDb", _server.Scalar("SELECT envelope->'log'->'data'->>'V' FROM nul WHERE message LIKE 'before%'"));
    }
}
