using System;
using Npgsql;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>The statements of a batch: the table's creation, the COPY, and the deduplicating path of a resent batch.</summary>
internal sealed partial class PostgreSqlTransport
{
    /// <summary>Writes rows <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/>; resent rows are skipped, not stored twice.</summary>
    private void Write(NpgsqlConnection connection, int from, int count)
    {
        if (_alwaysDeduplicate)
        {
            WriteDeduplicated(connection, from, count);
            return;
        }

        try
        {
            Copy(connection, _table.CopyIntoTable, from, count);
        }
        catch (PostgresException e) when (e.SqlState == PostgreSqlErrors.UniqueViolation)
        {
            // Some rows are there already (the COPY stored none: it is one statement): a resend.
            WriteDeduplicated(connection, from, count);
        }
    }

    private void WriteDeduplicated(NpgsqlConnection connection, int from, int count)
    {
        if (!_stagingReady)
        {
            // Outside the transaction: a temporary table created inside one would go with its rollback.
            Execute(connection, _table.CreateStaging);
            _stagingReady = true;
        }

        using var transaction = connection.BeginTransaction();
        Copy(connection, _table.CopyIntoStaging, from, count);
        Execute(connection, _table.InsertFromStaging);

        // ON COMMIT DELETE ROWS empties the staging table for the next resend.
        transaction.Commit();
    }

    private void Copy(NpgsqlConnection connection, string copyCommand, int from, int count)
    {
        var copy = connection.BeginBinaryImport(copyCommand);
        try
        {
            copy.Timeout = TimeSpan.FromSeconds(_timeoutSeconds);
            for (int i = from; i < from + count; i++)
            {
                _rows[i].WriteTo(copy);
            }

            copy.Complete();
        }
        catch
        {
            Close(copy);
            throw;
        }

        copy.Dispose();
    }

    /// <summary>Ends a failed COPY; an error doing so is not the one to report.</summary>
    private static void Close(NpgsqlBinaryImporter copy)
    {
        try
        {
            copy.Dispose();
        }
        catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException or TimeoutException)
        {
            // The COPY's own error is the one thrown.
        }
    }

    private void EnsureTable(NpgsqlConnection connection)
    {
        if (!_autoCreate || _tableReady)
        {
            return;
        }

        using (var transaction = connection.BeginTransaction())
        {
            using (var lockFor = new NpgsqlCommand(LogTable.LockForCreate, connection, transaction))
            {
                lockFor.Parameters.Add(new NpgsqlParameter { Value = "fapilog:" + _table.QualifiedName });
                lockFor.ExecuteNonQuery();
            }

            bool schemaExists;
            using (var lookup = new NpgsqlCommand(LogTable.SchemaExists, connection, transaction))
            {
                lookup.Parameters.Add(new NpgsqlParameter { Value = _table.Schema });
                schemaExists = lookup.ExecuteScalar() is not null;
            }

            if (!schemaExists)
            {
                Execute(connection, _table.CreateSchema, transaction);
            }

            Execute(connection, _table.CreateTableAndIndexes(), transaction);
            transaction.Commit();
        }

        _tableReady = true;
    }

    private static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
