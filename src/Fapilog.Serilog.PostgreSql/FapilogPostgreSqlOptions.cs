using System;
using System.Text;
using Npgsql;

namespace Fapilog.Serilog;

/// <summary>
/// Options of the PostgreSQL output (<c>WriteTo.FapilogPostgreSql(...)</c>): the server, the table, whether the output
/// creates it, and how to deliver. Each event is one row: columns extracted from its fapilog envelope, and the whole
/// envelope as <c>jsonb</c> (see <c>docs/outputs/postgresql.md</c> for the layout and its DDL).
/// </summary>
public sealed class FapilogPostgreSqlOptions
{
    /// <summary>The default <see cref="CommandTimeout"/>: 30 s.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest schema or table name: PostgreSQL's identifier limit, in bytes of UTF-8.</summary>
    internal const int MaxIdentifierBytes = 63;

    /// <summary>The longest table name the output creates: its index names add at most this many bytes to it.</summary>
    internal const int MaxCreatedTableBytes = MaxIdentifierBytes - 20;

    /// <summary>
    /// An Npgsql connection string, such as <c>Host=127.0.0.1;Port=5432;Database=app;Username=logger;Password=...</c>.
    /// Required. Its password is never shown in an error or in <c>SelfLog</c>. The output keeps one connection of its
    /// own open (pooling is turned off for it) and sets the connection's command and connect timeouts from
    /// <see cref="CommandTimeout"/>.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The table's schema; quoted, so its case is kept. The default is <c>public</c>.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>The table the rows go to; quoted, so its case is kept. The default is <c>logs</c>.</summary>
    public string Table { get; set; } = "logs";

    /// <summary>
    /// Creates the schema, the table and its indexes (on <c>timestamp</c>, <c>level</c>, <c>correlation_id</c>, and a
    /// GIN index on the envelope) when they do not exist, before the first batch. The default is
    /// <see langword="false"/>: the table must exist, and a missing one fails each batch as rejected, with the server's
    /// message. The output's role then needs only <c>INSERT</c> on the table (and <c>TEMPORARY</c> on the database, to
    /// deduplicate a resent batch).
    /// </summary>
    public bool AutoCreateTable { get; set; }

    /// <summary>How long connecting, or one batch's statements, may take before it counts as a transient failure. The default is 30 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = DefaultCommandTimeout;

    /// <summary>The output's name in stats, metrics and <c>SelfLog</c>. The default is <c>postgresql</c>.</summary>
    public string Name { get; set; } = "postgresql";

    /// <summary>Buffering, batching, retry, circuit breaking, spool and the close's bound. Defaults as documented there.</summary>
    public FapilogDeliveryOptions Delivery { get; set; } = new();

    /// <summary>Every batch goes through the deduplicating staging table, not only a resent one (the benchmark measures its cost).</summary>
    internal bool AlwaysDeduplicate { get; set; }

    /// <summary>Checks every option, naming it as <paramref name="naming"/> does.</summary>
    internal void Validate(OptionNaming naming)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw naming.Missing(nameof(ConnectionString), ValidValues(nameof(ConnectionString)));
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // The text is not shown: it may hold a password. Npgsql's message names a keyword, not its value; but with a
            // password in the text, that keyword may be a piece of it (an unquoted ';' in the password), so then not even that.
            string why = ConnectionString.Contains("password", StringComparison.OrdinalIgnoreCase) || ConnectionString.Contains("pwd", StringComparison.OrdinalIgnoreCase)
                ? "it does not parse; a value holding ; or = or a quote must be quoted"
                : e.Message;
            throw naming.Invalid(nameof(ConnectionString), "(not shown: " + why + ")", ValidValues(nameof(ConnectionString)));
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw naming.Invalid(nameof(ConnectionString), PostgreSql.ConnectionText.Shown(builder) + " (no Host)", ValidValues(nameof(ConnectionString)));
        }

        CheckIdentifier(nameof(Schema), Schema, MaxIdentifierBytes, naming);
        CheckIdentifier(nameof(Table), Table, AutoCreateTable ? MaxCreatedTableBytes : MaxIdentifierBytes, naming);
        if (CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout > TimeSpan.FromMinutes(15))
        {
            throw naming.OutOfRange(nameof(CommandTimeout), OptionNaming.Show(CommandTimeout), ValidValues(nameof(CommandTimeout)));
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            throw naming.Missing(nameof(Name), ValidValues(nameof(Name)));
        }

        (Delivery ?? throw naming.Missing(nameof(Delivery), ValidValues(nameof(Delivery)))).Validate(naming.Nested(nameof(Delivery)));
    }

    /// <summary>The values each option accepts, as the messages list them.</summary>
    internal string ValidValues(string option) => option switch
    {
        nameof(ConnectionString) => "an Npgsql connection string with a Host, such as Host=127.0.0.1;Port=5432;Database=app;Username=logger;Password=...",
        nameof(Schema) => "a schema name of 1 to 63 bytes without control characters, such as public",
        nameof(Table) => AutoCreateTable
            ? "a table name of 1 to " + MaxCreatedTableBytes + " bytes without control characters (AutoCreateTable adds index names to it), such as logs"
            : "a table name of 1 to 63 bytes without control characters, such as logs",
        nameof(AutoCreateTable) => "true, false",
        nameof(CommandTimeout) => "time spans written [d.]hh:mm:ss[.fff] from 00:00:01 to 00:15:00",
        nameof(Name) => "a non-empty name such as postgresql",
        nameof(Delivery) => "a FapilogDeliveryOptions",
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not an option of FapilogPostgreSqlOptions."),
    };

    private void CheckIdentifier(string option, string? value, int maxBytes, OptionNaming naming)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw naming.Missing(option, ValidValues(option));
        }

        bool control = false;
        foreach (char c in value)
        {
            control |= char.IsControl(c);
        }

        if (control || Encoding.UTF8.GetByteCount(value) > maxBytes || value.Trim().Length == 0)
        {
            throw naming.Invalid(option, value, ValidValues(option));
        }
    }
}
