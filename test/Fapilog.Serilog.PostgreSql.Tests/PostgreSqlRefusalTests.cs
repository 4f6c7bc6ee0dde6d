using System;
using System.Net;
using System.Net.Sockets;
using Fapilog.Serilog.PostgreSql.Tests.Support;

namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary>What the server refuses fails as rejected with its own message; what it cannot do now is retried; the password is never shown.</summary>
public sealed class PostgreSqlRefusalTests : IClassFixture<PostgresServer>
{
    private const string WriterPassword = "wr1ter-Secret-pw";
    private readonly PostgresServer _server;

    public PostgreSqlRefusalTests(PostgresServer server) => _server = server;

    [Fact]
    public void ARoleWithoutInsert_IsRejected_WithPostgreSqlsMessage_AndThePasswordIsNeverShown()
    {
        using (var output = Events.Output(Events.Options(_server, table: "guarded")))
        {
            Events.EmitNumbered(output, 1, 1);
        }

        _server.Execute($"CREATE ROLE reader LOGIN PASSWORD '{WriterPassword}'; GRANT SELECT ON guarded TO reader");
        var options = Events.Options(_server, table: "guarded", autoCreate: false);
        options.ConnectionString = _server.ConnectionStringFor("reader", WriterPassword);
        FapilogOutputStats stats;
        using (var selfLog = new SelfLogCapture())
        {
            using (var output = Events.Output(options))
            {
                Events.EmitNumbered(output, 1, 30, perBatch: 10);
                output.Dispose();
                stats = output.Snapshot();
            }

            Assert.DoesNotContain(WriterPassword, selfLog.Text, StringComparison.Ordinal);
            Assert.Contains("permission denied for table guarded", selfLog.Text, StringComparison.Ordinal);
        }

        Assert.Equal(30, stats.Losses["rejected"]);
        Assert.Equal(0, stats.Delivered);
        Assert.Equal(0, stats.Retried);
        Assert.StartsWith("PostgreSQL 42501: permission denied for table guarded", stats.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(WriterPassword, stats.LastError, StringComparison.Ordinal);
        Assert.Equal(1L, _server.Count("guarded"));
    }

    [Fact]
    public void AMissingTable_WithoutAutoCreateTable_IsRejected_NamingTheTableAndTheWayOut()
    {
        FapilogOutputStats stats;
        using (var output = Events.Output(Events.Options(_server, table: "absent", autoCreate: false)))
        {
            Events.EmitNumbered(output, 1, 5);
            output.Dispose();
            stats = output.Snapshot();
        }

        Assert.Equal(5, stats.Losses["rejected"]);
        Assert.StartsWith("PostgreSQL 42P01: relation \"public.absent\" does not exist", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("AutoCreateTable", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongPassword_IsRejected_AndNeitherPasswordIsShown()
    {
        const string Wrong = "not-the-Password-42";
        var options = Events.Options(_server, table: "wrong_password");
        options.ConnectionString = _server.ConnectionStringFor("postgres", Wrong);
        FapilogOutputStats stats;
        using (var selfLog = new SelfLogCapture())
        {
            using (var output = Events.Output(options))
            {
                Events.EmitNumbered(output, 1, 5);
                output.Dispose();
                stats = output.Snapshot();
            }

            Assert.DoesNotContain(Wrong, selfLog.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(PostgresServer.Password, selfLog.Text, StringComparison.Ordinal);
        }

        Assert.Equal(5, stats.Losses["rejected"]);
        Assert.StartsWith("PostgreSQL 28P01: password authentication failed for user \"postgres\"", stats.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedConnection_IsTransient_RetriedUntilTheCloseGivesUp()
    {
        var options = Events.Options(_server, table: "nobody_listens");
        options.ConnectionString = $"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Password={PostgresServer.Password}";
        options.Delivery.CloseTimeout = TimeSpan.FromSeconds(1);
        FapilogOutputStats stats;
        using (var output = Events.Output(options))
        {
            Events.EmitNumbered(output, 1, 5);
            Assert.True(System.Threading.SpinWait.SpinUntil(() => output.Snapshot().Retried >= 2, TimeSpan.FromSeconds(60)), "retried");
            output.Dispose();
            stats = output.Snapshot();
        }

        Assert.Equal(0, stats.Losses["rejected"]);
        Assert.Equal(5, stats.Losses["shutdown_timeout"]);
        Assert.Contains("refused", stats.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PostgresServer.Password, stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void ARowTheTableRefuses_FailsAlone_AndTheRestOfItsBatchIsDelivered()
    {
        // A check constraint of the user's own table refuses one message.
        using (var output = Events.Output(Events.Options(_server, table: "checked")))
        {
            Events.EmitNumbered(output, 1, 1);
        }

        _server.Execute("TRUNCATE checked; ALTER TABLE checked ADD CONSTRAINT no_seven CHECK (message <> 'Event 7')");
        FapilogOutputStats stats;
        using (var output = Events.Output(Events.Options(_server, table: "checked", autoCreate: false)))
        {
            Events.EmitNumbered(output, 1, 10, perBatch: 10);
            output.Dispose();
            stats = output.Snapshot();
        }

        Assert.Equal(9, stats.Delivered);
        Assert.Equal(1, stats.Losses["rejected"]);
        Assert.StartsWith("PostgreSQL 23514: new row for relation \"checked\" violates check constraint \"no_seven\"", stats.LastError, StringComparison.Ordinal);
        Assert.Equal(9L, _server.Count("checked"));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
