using System;
using System.Threading;
using Fapilog.Serilog.PostgreSql.Tests.Support;

namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary>
/// A server that takes no writes for now (SQLSTATE 25006, read_only_sql_transaction: a standby the name points to during
/// a failover, a database put in read-only mode): the batch is retried, not rejected, on a new connection each time, so
/// that once writes are possible again (here: the role's read-only default reset) every event arrives.
/// </summary>
public sealed class PostgreSqlReadOnlyTests : IClassFixture<PostgresServer>
{
    private readonly PostgresServer _server;

    public PostgreSqlReadOnlyTests(PostgresServer server) => _server = server;

    [Fact]
    public void AReadOnlyServer_IsTransient_AndOnceWritableEveryEventArrives()
    {
        const int Total = 20;
        _server.Execute(new LogTable("public", "read_only").CreateTableAndIndexes());
        _server.Execute("CREATE ROLE ro_writer LOGIN SUPERUSER PASSWORD 'ro-secret'");
        _server.Execute("ALTER ROLE ro_writer SET default_transaction_read_only = on");
        var options = Events.Options(_server, table: "read_only", autoCreate: false);
        options.ConnectionString = _server.ConnectionStringFor("ro_writer", "ro-secret");
        FapilogOutputStats stats;
        using (var output = Events.Output(options))
        {
            Events.EmitNumbered(output, 1, Total, perBatch: 10);
            Assert.True(
                SpinWait.SpinUntil(() => output.Snapshot().Requests >= 3, TimeSpan.FromSeconds(60)),
                "retried while read-only: " + output.Snapshot());
            var whileReadOnly = output.Snapshot();
            Assert.StartsWith("PostgreSQL 25006", whileReadOnly.LastError, StringComparison.Ordinal);
            Assert.Equal((0L, 0L), (whileReadOnly.Delivered, whileReadOnly.Failed));

            // New sessions of the role may write again; a connection kept from before could not.
            _server.Execute("ALTER ROLE ro_writer RESET default_transaction_read_only");
            output.Dispose();
            stats = output.Snapshot();
        }

        Assert.Equal(((long)Total, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal((long)Total, _server.Count("read_only"));
    }
}
