using System;
using System.IO;
using System.Net.Sockets;
using Fapilog.Serilog.Delivery;
using Npgsql;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>What went wrong with a batch, as the delivery stage counts it.</summary>
internal enum PostgreSqlFailure
{
    /// <summary>Worth retrying: the connection (refused, reset, timed out), a server shutting down or short of resources (a full disk), a serialization failure, a server that takes no writes for now (read-only).</summary>
    Transient,

    /// <summary>Not worth retrying this batch: a permission refused, a missing table, a wrong password, a table of another layout.</summary>
    Permanent,

    /// <summary>A value the table refused (a data exception, a constraint): the batch is sent row by row so that only those rows fail.</summary>
    Row,
}

/// <summary>
/// Classifies what Npgsql throws by the server's SQLSTATE (<see cref="PostgresException.SqlState"/>), or, for an error
/// that never reached the server, as a connection failure; and words the error for the output's last error and
/// <c>SelfLog</c>, with the server's own message and the password masked.
/// </summary>
internal static class PostgreSqlErrors
{
    /// <summary><c>unique_violation</c>: a row of the batch is in the table already (a resent batch).</summary>
    public const string UniqueViolation = "23505";

    public const string UndefinedTable = "42P01";

    /// <summary><c>read_only_sql_transaction</c>: the server takes no writes for now (a standby during a failover, a read-only database).</summary>
    public const string ReadOnlyTransaction = "25006";

    public static PostgreSqlFailure Classify(Exception e)
    {
        if (e is PostgresException pg)
        {
            return Classify(pg.SqlState);
        }

        // Npgsql's own errors (cannot connect, the connection broke, a timeout) and what it wraps are connection
        // failures: the server did not refuse anything.
        return PostgreSqlFailure.Transient;
    }

    public static PostgreSqlFailure Classify(string sqlState)
    {
        if (sqlState.Length != 5 || sqlState == ReadOnlyTransaction)
        {
            return PostgreSqlFailure.Transient;
        }

        return sqlState[..2] switch
        {
            "08" => PostgreSqlFailure.Transient, // connection exception
            "40" => PostgreSqlFailure.Transient, // serialization failure, deadlock
            "53" => PostgreSqlFailure.Transient, // insufficient resources: disk full (53100), out of memory, too many connections
            "57" => PostgreSqlFailure.Transient, // operator intervention: admin/crash shutdown, cannot connect now, query canceled
            "58" => PostgreSqlFailure.Transient, // system error: an I/O error
            "55" => PostgreSqlFailure.Transient, // object not in prerequisite state: a lock not available
            "XX" => PostgreSqlFailure.Transient, // internal error
            "22" or "23" => PostgreSqlFailure.Row, // a value the table refuses
            _ => PostgreSqlFailure.Permanent, // 42 (privilege, undefined table or column), 28 (authorization), 3D (no database), 0A, 25 (but 25006), ...
        };
    }

    /// <summary>The outcome of a batch that failed with <paramref name="e"/>.</summary>
    public static FapilogDeliveryOutcome Outcome(Exception e, ConnectionText secret) =>
        Classify(e) == PostgreSqlFailure.Transient ? FapilogDeliveryOutcome.Transient(Describe(e, secret)) : FapilogDeliveryOutcome.Permanent(Describe(e, secret));

    /// <summary>The error as one line: the server's SQLSTATE and message, or the connection failure and its cause.</summary>
    public static string Describe(Exception e, ConnectionText secret)
    {
        string text;
        if (e is PostgresException pg)
        {
            text = "PostgreSQL " + pg.SqlState + ": " + pg.MessageText
                + (string.IsNullOrEmpty(pg.Hint) ? string.Empty : " (hint: " + pg.Hint + ")")
                + Advice(pg.SqlState);
        }
        else
        {
            text = e.GetType().Name + ": " + e.Message;
            for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            {
                if (inner is SocketException or IOException or TimeoutException or PostgresException)
                {
                    text += " (" + inner.Message + ")";
                    break;
                }
            }
        }

        return secret.Masked(text);
    }

    private static string Advice(string sqlState) => sqlState switch
    {
        UndefinedTable => "; create the table (docs/outputs/postgresql.md has its DDL) or set AutoCreateTable",
        "42501" => "; grant the output's role INSERT on the table (and TEMPORARY on the database)",
        "42703" => "; the table's columns are not the output's layout (docs/outputs/postgresql.md)",
        _ => string.Empty,
    };
}
