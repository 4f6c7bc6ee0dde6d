using System;
using System.IO;
using System.Threading;
using Fapilog.Serilog.PostgreSql.Tests.Support;

namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary>
/// A full disk, for real: the log table lives in a tablespace on a 1 MiB tmpfs mounted for the test, so PostgreSQL
/// runs out of space (SQLSTATE 53100) while the output writes; once the mount is grown, the retries deliver the rest.
/// </summary>
public sealed class PostgreSqlDiskFullTests : IClassFixture<PostgresServer>
{
    private readonly PostgresServer _server;

    public PostgreSqlDiskFullTests(PostgresServer server) => _server = server;

    [Fact]
    public void AFullDisk_IsTransient_AndOnceThereIsSpaceAgainEveryEventArrives()
    {
        const int Total = 3000;
        string space = Path.Combine(_server.Root, "mnt-space");
        Directory.CreateDirectory(space);
        PostgresServer.Run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", space);
        if (Environment.UserName == "root")
        {
            PostgresServer.Run("chown", "postgres:postgres", space);
        }

        _server.Execute($"CREATE TABLESPACE small LOCATION '{space}'");
        _server.Execute(new LogTable("public", "full_disk").CreateTableAndIndexes());
        _server.Execute("ALTER TABLE full_disk SET TABLESPACE small");

        var options = Events.Options(_server, table: "full_disk", autoCreate: false);
        FapilogOutputStats stats;
        string? whileFull;
        using (var output = Events.Output(options))
        {
            Events.EmitNumbered(output, 1, Total, perBatch: 50);
            Assert.True(
                SpinWait.SpinUntil(() => output.Snapshot().LastError?.StartsWith("PostgreSQL 53100", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(60)),
                "the disk filled up: " + output.Snapshot().LastError);
            whileFull = output.Snapshot().LastError;
            Assert.True(output.Snapshot().Delivered < Total, "not everything fitted");
            Assert.Equal(0, output.Snapshot().Failed);

            PostgresServer.Run("mount", "-o", "remount,size=64m", space);
            output.Dispose();
            stats = output.Snapshot();
        }

        Assert.Contains("No space left on device", whileFull, StringComparison.Ordinal);
        Assert.Equal(Total, stats.Delivered);
        Assert.Equal(0, stats.Failed);
        Assert.True(stats.Retried > 0);
        Assert.Equal((long)Total, _server.Count("full_disk"));
        _server.Execute("DROP TABLE full_disk");
        _server.Execute("DROP TABLESPACE small");
    }
}
