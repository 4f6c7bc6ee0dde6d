using System;
using System.IO;
using Npgsql;
using NpgsqlTypes;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Fapilog.Serilog.Benchmarks.Compare.PostgreSql;

/// <summary>
/// The naive writer the PostgreSQL output is compared with: a plain Serilog sink that, for each event, formats the
/// same envelope and runs one parameterised <c>INSERT</c> (prepared, on one open connection, autocommit) into the same
/// table layout, on the caller's thread.
/// </summary>
internal sealed class NaiveInsertSink : ILogEventSink, IDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _insert;
    private readonly ITextFormatter _envelope = new FapilogEnvelopeFormatter();
    private readonly StringWriter _text = new();

    public NaiveInsertSink(string connectionString, string table)
    {
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        _insert = new NpgsqlCommand(
            $"INSERT INTO {table} (\"timestamp\", \"level\", \"logger\", \"message\", \"message_id\", \"envelope\") VALUES ($1, $2, $3, $4, $5, $6)", _connection);
        _insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        _insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        _insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        _insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        _insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid });
        _insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb });
        _insert.Prepare();
    }

    public void Emit(LogEvent logEvent)
    {
        _text.GetStringBuilder().Clear();
        _envelope.Format(logEvent, _text);
        _insert.Parameters[0].Value = logEvent.Timestamp.UtcDateTime;
        _insert.Parameters[1].Value = logEvent.Level.ToString();
        _insert.Parameters[2].Value = DBNull.Value;
        _insert.Parameters[3].Value = logEvent.RenderMessage();
        _insert.Parameters[4].Value = Guid.NewGuid();
        _insert.Parameters[5].Value = _text.ToString();
        _insert.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }
}
