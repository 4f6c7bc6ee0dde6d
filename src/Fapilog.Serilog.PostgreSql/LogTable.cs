using System;
using System.Text;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>
/// The SQL the output runs, built once from the validated schema and table names: every identifier double-quoted
/// (a quote inside doubled), so a name is only ever a name. No value is ever part of these texts: events travel as
/// binary COPY data, and the one lookup that takes a value (the schema's existence) takes it as a parameter.
/// </summary>
internal sealed class LogTable
{
    /// <summary>The session's staging table of a deduplicating batch (temporary: each connection has its own).</summary>
    internal const string StagingName = "fapilog_staging";

    public LogTable(string schema, string table)
    {
        Schema = schema;
        Table = table;
        QualifiedName = Quote(schema) + "." + Quote(table);
        string columns = ColumnList();
        CopyIntoTable = "COPY " + QualifiedName + " (" + columns + ") FROM STDIN (FORMAT BINARY)";
        CopyIntoStaging = "COPY " + Quote(StagingName) + " (" + columns + ") FROM STDIN (FORMAT BINARY)";
        InsertFromStaging = "INSERT INTO " + QualifiedName + " (" + columns + ") SELECT " + columns + " FROM " + Quote(StagingName) + " ON CONFLICT DO NOTHING";
        CreateStaging = "CREATE TEMPORARY TABLE IF NOT EXISTS " + Quote(StagingName) + " (" + ColumnDefinitions(primaryKey: false, ", ") + ") ON COMMIT DELETE ROWS";
    }

    public string Schema { get; }

    public string Table { get; }

    /// <summary><c>"schema"."table"</c>.</summary>
    public string QualifiedName { get; }

    public string CopyIntoTable { get; }

    public string CopyIntoStaging { get; }

    /// <summary>Moves the staged rows into the table; a row whose <c>message_id</c> is there already is skipped.</summary>
    public string InsertFromStaging { get; }

    public string CreateStaging { get; }

    /// <summary>Serialises two processes creating the same table (<c>CREATE ... IF NOT EXISTS</c> races otherwise); the key is a parameter.</summary>
    public const string LockForCreate = "SELECT pg_advisory_xact_lock(hashtext($1))";

    /// <summary>Whether the schema exists (a parameter: creating an existing schema needs a privilege the role may lack).</summary>
    public const string SchemaExists = "SELECT 1 FROM pg_namespace WHERE nspname = $1";

    public string CreateSchema => "CREATE SCHEMA IF NOT EXISTS " + Quote(Schema);

    /// <summary>The table and its indexes, each <c>IF NOT EXISTS</c>.</summary>
    public string CreateTableAndIndexes()
    {
        var sql = new StringBuilder();
        sql.Append("CREATE TABLE IF NOT EXISTS ").Append(QualifiedName).Append(" (\n  ").Append(ColumnDefinitions(primaryKey: true, ",\n  ")).Append("\n);\n");
        Index(sql, "timestamp", "btree (\"timestamp\")");
        Index(sql, "level", "btree (\"level\")");
        Index(sql, "correlation_id", "btree (\"correlation_id\")");
        Index(sql, "envelope", "gin (\"envelope\" jsonb_path_ops)");
        return sql.ToString();
    }

    /// <summary>An identifier in double quotes, a quote in it doubled: PostgreSQL's quoting, so any name stays a name.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void Index(StringBuilder sql, string column, string method)
    {
        // Index names live in the table's schema: the table's name keeps them apart from another log table's.
        sql.Append("CREATE INDEX IF NOT EXISTS ").Append(Quote(Table + "_" + column + "_idx"))
            .Append(" ON ").Append(QualifiedName).Append(" USING ").Append(method).Append(";\n");
    }

    private static string ColumnList()
    {
        var list = new StringBuilder();
        foreach (var column in LogColumns.All)
        {
            list.Append(list.Length == 0 ? string.Empty : ", ").Append(Quote(column.Name));
        }

        return list.ToString();
    }

    private static string ColumnDefinitions(bool primaryKey, string separator)
    {
        var list = new StringBuilder();
        foreach (var column in LogColumns.All)
        {
            list.Append(list.Length == 0 ? string.Empty : separator).Append(Quote(column.Name)).Append(' ').Append(column.Type);
            if (primaryKey && column.NotNull)
            {
                list.Append(" NOT NULL");
            }

            if (primaryKey && column.Name == LogColumns.MessageId)
            {
                list.Append(" PRIMARY KEY");
            }
        }

        return list.ToString();
    }
}
