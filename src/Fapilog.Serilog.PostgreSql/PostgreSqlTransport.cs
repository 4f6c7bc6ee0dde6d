using System;
using System.Collections.Generic;
using System.Data;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Npgsql;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>
/// Writes one batch into the log table by binary COPY, on one connection of its own that it keeps open between
/// batches. Each record is parsed into its row once per batch version, so a retry writes the same rows.
/// </summary>
/// <remarks>
/// <para>A resend after a lost answer (the server committed, the acknowledgement never came back; or a spool replayed
/// after a crash) must not store an event twice. The table's primary key is <c>message_id</c>, unique per event, so the
/// plain COPY of such a batch fails with <c>unique_violation</c>, atomically; the batch is then written again through
/// a temporary staging table, <c>INSERT ... SELECT ... ON CONFLICT DO NOTHING</c>, in one transaction, which skips the
/// rows already there. The common batch pays only for the COPY; only a resent one pays for the staging copy.</para>
/// <para>A batch the server refuses for one of its values (a data exception, a constraint) is written again row by row,
/// so that only the rows refused fail (<c>rejected</c>) and the others are delivered.</para>
/// </remarks>
internal sealed partial class PostgreSqlTransport : FapilogDeliveryTransport
{
    private readonly string _connectionString;
    private readonly ConnectionText _secret;
    private readonly LogTable _table;
    private readonly bool _autoCreate;
    private readonly bool _alwaysDeduplicate;
    private readonly int _timeoutSeconds;

    // The delivery thread's own: the connection and what this session has set up on it, and the rows of the batch in
    // flight (with each row's index in the batch, and the records that are not envelopes).
    private NpgsqlConnection? _connection;
    private bool _tableReady;
    private bool _stagingReady;
    private readonly List<EnvelopeRow> _rows = new();
    private readonly List<int> _rowIndex = new();
    private readonly List<int> _unparsed = new();
    private string? _unparsedError;
    private FapilogDeliveryBatch? _parsed;
    private long _version = -1;

    public PostgreSqlTransport(FapilogPostgreSqlOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        _secret = new ConnectionText(builder);
        _timeoutSeconds = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);

        // One connection, kept open by this transport: a pool would only hide a broken one behind another.
        builder.Pooling = false;
        builder.CommandTimeout = _timeoutSeconds;
        builder.Timeout = Math.Min(_timeoutSeconds, 1024);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "fapilog";
        }

        _connectionString = builder.ConnectionString;
        _table = new LogTable(options.Schema, options.Table);
        _autoCreate = options.AutoCreateTable;
        _alwaysDeduplicate = options.AlwaysDeduplicate;
    }

    public override FapilogDeliveryOutcome Send(FapilogDeliveryBatch batch, CancellationToken cancel)
    {
        if (!ReferenceEquals(_parsed, batch) || _version != batch.Version)
        {
            Parse(batch);
        }

        if (_rows.Count == 0)
        {
            return RejectUnparsed(batch);
        }

        if (cancel.IsCancellationRequested)
        {
            return FapilogDeliveryOutcome.Transient("the close gave up before the batch was written");
        }

        try
        {
            var connection = Open();
            EnsureTable(connection);
            Write(connection, 0, _rows.Count);
        }
        catch (Exception e) when (PostgreSqlErrors.Classify(e) == PostgreSqlFailure.Row && _rows.Count > 1)
        {
            return RowByRow(batch);
        }
        catch (Exception e)
        {
            return Failed(e);
        }

        return _unparsed.Count > 0 ? RejectUnparsed(batch) : FapilogDeliveryOutcome.Delivered;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Drop();
        }

        base.Dispose(disposing);
    }

    private FapilogDeliveryOutcome Failed(Exception e)
    {
        if (e is PostgresException { SqlState: PostgreSqlErrors.UndefinedTable } && _autoCreate)
        {
            // Dropped since the output created it: create it again on the retry.
            _tableReady = false;
            return FapilogDeliveryOutcome.Transient(PostgreSqlErrors.Describe(e, _secret));
        }

        if (e is not PostgresException || e is PostgresException { SqlState: PostgreSqlErrors.ReadOnlyTransaction })
        {
            // The connection is in doubt, or on a server that takes no writes (a standby: after a failover, a new
            // connection reaches the new primary): the next attempt opens a new one.
            Drop();
        }

        return PostgreSqlErrors.Outcome(e, _secret);
    }

    private void Parse(FapilogDeliveryBatch batch)
    {
        _rows.Clear();
        _rowIndex.Clear();
        _unparsed.Clear();
        _unparsedError = null;
        for (int i = 0; i < batch.Count; i++)
        {
            if (EnvelopeRow.Parse(batch[i], out string? error) is { } row)
            {
                _rows.Add(row);
                _rowIndex.Add(i);
            }
            else
            {
                _unparsed.Add(i);
                _unparsedError ??= error;
            }
        }

        _parsed = batch;
        _version = batch.Version;
    }

    private FapilogDeliveryOutcome RejectUnparsed(FapilogDeliveryBatch batch)
    {
        foreach (int index in _unparsed)
        {
            batch.Reject(index);
        }

        return FapilogDeliveryOutcome.PerItem(_unparsedError);
    }

    /// <summary>The batch again, one row at a time: the rows the server refuses fail alone; a connection failure leaves the rest for a retry.</summary>
    private FapilogDeliveryOutcome RowByRow(FapilogDeliveryBatch batch)
    {
        string? error = null;
        for (int i = 0; i < _rows.Count; i++)
        {
            try
            {
                Write(Open(), i, 1);
            }
            catch (Exception e) when (PostgreSqlErrors.Classify(e) != PostgreSqlFailure.Transient)
            {
                batch.Reject(_rowIndex[i]);
                error ??= PostgreSqlErrors.Describe(e, _secret);
            }
            catch (Exception e)
            {
                Drop();
                for (int rest = i; rest < _rows.Count; rest++)
                {
                    batch.Retry(_rowIndex[rest]);
                }

                error ??= PostgreSqlErrors.Describe(e, _secret);
                break;
            }
        }

        foreach (int index in _unparsed)
        {
            batch.Reject(index);
        }

        return FapilogDeliveryOutcome.PerItem(error ?? _unparsedError);
    }

    private NpgsqlConnection Open()
    {
        if (_connection is { State: ConnectionState.Open } open)
        {
            return open;
        }

        Drop();
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _connection = connection;
        _stagingReady = false;
        return connection;
    }

    private void Drop()
    {
        var connection = _connection;
        _connection = null;
        _stagingReady = false;
        try
        {
            connection?.Dispose();
        }
        catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Closing a broken connection: nothing left to save.
        }
    }
}
