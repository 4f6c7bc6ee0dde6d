namespace Fapilog.Serilog.PostgreSql;

/// <summary>One column of the log table: its name, its SQL type, and whether every row has a value.</summary>
internal readonly record struct LogColumn(string Name, string Type, bool NotNull);

/// <summary>
/// The log table's columns, in the order the output writes them (the COPY column list and <see cref="EnvelopeRow"/>'s
/// writer follow this order). Each but the last is a field of the envelope; the last is the whole envelope.
/// </summary>
internal static class LogColumns
{
    public const string MessageId = "message_id";

    public static readonly LogColumn[] All =
    {
        new("timestamp", "timestamptz", NotNull: true),
        new("level", "text", NotNull: true),
        new("logger", "text", NotNull: false),
        new("message", "text", NotNull: false),
        new(MessageId, "uuid", NotNull: true),
        new("correlation_id", "text", NotNull: false),
        new("request_id", "text", NotNull: false),
        new("user_id", "text", NotNull: false),
        new("tenant_id", "text", NotNull: false),
        new("trace_id", "text", NotNull: false),
        new("span_id", "text", NotNull: false),
        new("service", "text", NotNull: false),
        new("env", "text", NotNull: false),
        new("host", "text", NotNull: false),
        new("envelope", "jsonb", NotNull: true),
    };
}
