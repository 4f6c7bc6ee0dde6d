using System;
using System.Linq;
using System.Text;
using Fapilog.Serilog.PostgreSql.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary>The columns read out of an envelope record, and what the transport makes of the server's SQLSTATEs (no server needed).</summary>
public sealed class PostgreSqlRowTests
{
    [Fact]
    public void Parse_ReadsEveryColumnFromTheEnvelope()
    {
        var record = Events.Records(new[]
        {
            Events.Event("Paid {Amount}", LogEventLevel.Error, ("Amount", 12), ("SourceContext", "Shop.Pay"), ("CorrelationId", "c-1"), ("RequestId", "r-1"),
                ("UserId", "u-1"), ("TenantId", "t-1"), ("ServiceName", "shop"), ("EnvironmentName", "prod"), ("MachineName", "web-1")),
        }).Single();

        var row = EnvelopeRow.Parse(record, out string? error);

        Assert.Null(error);
        Assert.NotNull(row);
        Assert.Equal(new DateTime(2026, 12, 2, 5, 30, 0, 12, DateTimeKind.Utc), row.Timestamp);
        Assert.Equal(DateTimeKind.Utc, row.Timestamp.Kind);
        Assert.Equal(("ERROR", "Shop.Pay", "Paid 12"), (row.Level, row.Logger, row.Message));
        Assert.Equal(("c-1", "r-1", "u-1", "t-1"), (row.CorrelationId, row.RequestId, row.UserId, row.TenantId));
        Assert.Equal(("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"), (row.TraceId, row.SpanId));
        Assert.Equal(("shop", "prod", "web-1"), (row.Service, row.Env, row.Host));
        Assert.NotEqual(Guid.Empty, row.MessageId);
        Assert.Equal(Encoding.UTF8.GetString(record).TrimEnd('\n'), row.Envelope);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"log\":{\"level\":\"INFO\"}}")]
    [InlineData("{\"log\":{\"timestamp\":\"yesterday\",\"level\":\"INFO\",\"context\":{\"message_id\":\"0193a1b2-0000-7000-8000-000000000001\"}}}")]
    public void Parse_ARecordThatIsNotAnEnvelope_IsRefusedWithAReason(string text)
    {
        Assert.Null(EnvelopeRow.Parse(Encoding.UTF8.GetBytes(text), out string? error));
        Assert.StartsWith("the record is not a fapilog envelope", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"{""a"":""x\u0000y""}", @"{""a"":""x\ufffdy""}")]
    [InlineData(@"{""a"":""x\\u0000y""}", @"{""a"":""x\\u0000y""}")]
    [InlineData(@"{""a"":""\\\u0000""}", @"{""a"":""\\\ufffd""}")]
    public void NulEscapes_AreReplaced_OnlyWhereTheyAreEscapes(string json, string expected) => Assert.Equal(expected, NulEscapes.Replace(json));

    [Theory]
    [InlineData("08006", "Transient")] // connection failure
    [InlineData("57P01", "Transient")] // admin shutdown
    [InlineData("57P03", "Transient")] // cannot connect now (starting up)
    [InlineData("40001", "Transient")] // serialization failure
    [InlineData("53100", "Transient")] // disk full
    [InlineData("53300", "Transient")] // too many connections
    [InlineData("42501", "Permanent")] // insufficient privilege
    [InlineData("42P01", "Permanent")] // undefined table
    [InlineData("28P01", "Permanent")] // invalid password
    [InlineData("3D000", "Permanent")] // no such database
    [InlineData("22P05", "Row")] // untranslatable character
    [InlineData("23514", "Row")] // check violation
    public void Classify_BySqlState(string sqlState, string expected) => Assert.Equal(expected, PostgreSqlErrors.Classify(sqlState).ToString());

    [Fact]
    public void Classify_AFailureThatNeverReachedTheServer_IsTransient() =>
        Assert.Equal(PostgreSqlFailure.Transient, PostgreSqlErrors.Classify(new Npgsql.NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))));

    [Fact]
    public void Identifiers_AreQuoted_WithTheirQuotesDoubled()
    {
        var table = new LogTable("my \"schema\"", "logs\"; DROP TABLE x; --");
        Assert.Equal("\"my \"\"schema\"\"\".\"logs\"\"; DROP TABLE x; --\"", table.QualifiedName);
        Assert.StartsWith("COPY \"my \"\"schema\"\"\".\"logs\"\"; DROP TABLE x; --\" (\"timestamp\", \"level\"", table.CopyIntoTable, StringComparison.Ordinal);
    }
}
