using System;
using System.Linq;
using System.Threading;
using Fapilog.Serilog.PostgreSql.Tests.Support;

namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary>A server restarted mid-stream loses nothing, and a batch sent again (a lost answer, a spool replay) is stored once.</summary>
public sealed class PostgreSqlResendTests : IClassFixture<PostgresServer>
{
    private readonly PostgresServer _server;

    public PostgreSqlResendTests(PostgresServer server) => _server = server;

    [Fact]
    public void ABatchSentAgain_IsStoredOnce_AndOneThatOverlapsStoresOnlyItsNewEvents()
    {
        // Twenty events with message ids of their own: emitting one again sends the same envelope again.
        var events = Enumerable.Range(1, 20).Select(n => new FapilogEvent(Events.Numbered(n), n, FapilogLevel.Information, Events.MessageId(n))).ToArray();
        var options = Events.Options(_server, table: "resent");
        SentTwice? twice = null;
        using (var output = Events.Output(options, inner => twice = new SentTwice(inner)))
        {
            // Each batch is written, then sent again on the same connection, as after a commit whose answer was lost.
            output.EmitBatch(events.AsSpan(0, 10));
            Assert.True(SpinWait.SpinUntil(() => output.Snapshot().Delivered >= 10, TimeSpan.FromSeconds(60)), "the first ten were written");
            Assert.Equal(10L, _server.Count("resent"));

            // Five old and ten new: the old ones are skipped, the new ones stored.
            output.EmitBatch(events.AsSpan(5));
            Assert.True(SpinWait.SpinUntil(() => output.Snapshot().Delivered >= 25, TimeSpan.FromSeconds(60)), "the fifteen were written");
            Assert.Equal(20L, _server.Count("resent"));
            Assert.Equal(20L, Convert.ToInt64(_server.Scalar("SELECT count(DISTINCT message_id) FROM resent")));
            Assert.True(twice!.Resent >= 2, "every batch was sent twice");
            Assert.Equal(0, output.Snapshot().Failed);
        }

        // And through a new connection (the staging table is per session).
        using (var fresh = Events.Output(options))
        {
            fresh.EmitBatch(events);
            fresh.Dispose();
            Assert.Equal(20, fresh.Snapshot().Delivered);
        }

        Assert.Equal(20L, _server.Count("resent"));
    }

    [Fact]
    public void AnAnswerLostAfterTheCommit_IsResent_AndTheBatchIsStoredOnce()
    {
        using var proxy = new AnswerCuttingProxy(_server.Port);
        var options = Events.Options(_server, table: "lost_answer");
        options.ConnectionString = $"Host=127.0.0.1;Port={proxy.Port};Database=postgres;Username=postgres;Password={PostgresServer.Password};SSL Mode=Disable";
        FapilogOutputStats stats;
        using (var output = Events.Output(options))
        {
            Events.EmitNumbered(output, 1, 30, perBatch: 30);
            output.Dispose();
            stats = output.Snapshot();
        }

        Assert.Equal(1, proxy.Cuts);
        Assert.Equal(30, stats.Delivered);
        Assert.Equal(0, stats.Failed);
        Assert.True(stats.Retried >= 1, "the batch whose answer was lost was sent again");
        Assert.Equal(30L, _server.Count("lost_answer"));
    }

    [Fact]
    public void TheServerRestartedMidStream_LosesNothing_AndStoresNothingTwice()
    {
        const int Total = 2000;
        var options = Events.Options(_server, table: "restarted");
        FapilogOutputStats stats;
        using (var output = Events.Output(options))
        {
            Events.EmitNumbered(output, 1, Total / 2);
            Assert.True(SpinWait.SpinUntil(() => output.Snapshot().Delivered >= 100, TimeSpan.FromSeconds(60)), "the first events were written");

            // Cut every session while batches are in flight, and keep the server down while more events come.
            _server.Stop();
            Events.EmitNumbered(output, Total / 2 + 1, Total / 2);
            Assert.True(SpinWait.SpinUntil(() => output.Snapshot().Retried > 0, TimeSpan.FromSeconds(60)), "a batch failed and was retried");
            _server.Start();
            output.Dispose();
            stats = output.Snapshot();
        }

        Assert.Equal(Total, stats.Delivered);
        Assert.Equal(0, stats.Failed);
        Assert.Equal(0, stats.Dropped);
        Assert.True(stats.Retried > 0);
        Assert.Equal((long)Total, _server.Count("restarted"));
        Assert.Equal((long)Total, Convert.ToInt64(_server.Scalar("SELECT count(DISTINCT envelope->'log'->'data'->>'N') FROM restarted")));
        Assert.Equal(1L, Convert.ToInt64(_server.Scalar("SELECT min((envelope->'log'->'data'->>'N')::int) FROM restarted")));
        Assert.Equal((long)Total, Convert.ToInt64(_server.Scalar("SELECT max((envelope->'log'->'data'->>'N')::int) FROM restarted")));
    }
}
