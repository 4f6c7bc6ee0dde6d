using System;
using System.Collections.Generic;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>The kinds of OTLP <c>AnyValue</c> a Serilog scalar becomes.</summary>
internal enum OtlpScalarKind
{
    /// <summary>A null: an <c>AnyValue</c> with no value set.</summary>
    Empty,
    String,
    Bool,
    Int,
    Double,
    Bytes,

    /// <summary>Any other scalar (dates, GUIDs, enums, user types): its invariant text as a <c>string_value</c>.</summary>
    Text,
}

/// <summary>
/// How a Serilog event maps to an OTLP <c>LogRecord</c>, shared by the protobuf and the JSON encoders so that both
/// send the same record: severities, attribute names, the exception's attributes, and the <c>AnyValue</c> of a scalar.
/// </summary>
/// <remarks>
/// <para>Severity numbers follow the OpenTelemetry logs data model: Verbose 1 (TRACE), Debug 5, Information 9,
/// Warning 13, Error 17, Fatal 21. AUDIT and SECURITY, fapilog's levels above Fatal, are 22 and 23 (FATAL2 and
/// FATAL3): a backend that maps severity ranges shows them as its highest level, they keep their order above Fatal,
/// and they stay apart from Fatal by number, by <c>severity_text</c> (<c>AUDIT</c>, <c>SECURITY</c>) and by the
/// <c>fapilog.level</c> attribute (the marker property, renamed).</para>
/// <para>fapilog's well-known enricher properties take their OpenTelemetry semantic-convention names
/// (<c>ServiceName</c> is <c>service.name</c>, <c>MachineName</c> <c>host.name</c>, ...); every other property keeps
/// its name.</para>
/// </remarks>
internal static class OtlpMapping
{
    /// <summary>
    /// Values nested deeper are cut with a marker. Each level of an OTLP value is two protobuf messages and three JSON
    /// levels; 16 keeps a whole request within the nesting limits readers apply by default (100 messages for
    /// Google.Protobuf, 64 levels for System.Text.Json, which the Aspire dashboard reads OTLP/JSON with).
    /// </summary>
    public const int MaxDepth = 16;

    public const string MessageTemplateAttribute = "message_template.text";
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";
    public const string ExceptionStacktrace = "exception.stacktrace";

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        [FapilogProperties.Level] = "fapilog.level",
        [FapilogProperties.ServiceName] = "service.name",
        [FapilogProperties.ServiceVersion] = "service.version",
        [FapilogProperties.EnvironmentName] = "deployment.environment.name",
        [FapilogProperties.MachineName] = "host.name",
        [FapilogProperties.ProcessId] = "process.pid",
        [FapilogProperties.Runtime] = "process.runtime.description",
        [FapilogProperties.ThreadId] = "thread.id",
        [FapilogProperties.ThreadName] = "thread.name",
        [FapilogProperties.KubernetesPod] = "k8s.pod.name",
        [FapilogProperties.KubernetesNamespace] = "k8s.namespace.name",
        [FapilogProperties.KubernetesNode] = "k8s.node.name",
        [FapilogProperties.KubernetesContainer] = "k8s.container.name",
        [FapilogProperties.KubernetesCluster] = "k8s.cluster.name",
        [FapilogProperties.KubernetesDeployment] = "k8s.deployment.name",
    };

    /// <summary>The attribute name of an event property.</summary>
    public static string AttributeName(string property) => Renamed.TryGetValue(property, out var name) ? name : property;

    public static int SeverityNumber(FapilogLevel level) => level switch
    {
        FapilogLevel.Verbose => 1,
        FapilogLevel.Debug => 5,
        FapilogLevel.Information => 9,
        FapilogLevel.Warning => 13,
        FapilogLevel.Error => 17,
        FapilogLevel.Fatal => 21,
        FapilogLevel.Audit => 22,
        FapilogLevel.Security => 23,
        _ => 0,
    };

    /// <summary>Serilog's level names, and <c>AUDIT</c>/<c>SECURITY</c> as fapilog's marker spells them.</summary>
    public static ReadOnlySpan<byte> SeverityText(FapilogLevel level) => level switch
    {
        FapilogLevel.Verbose => "Verbose"u8,
        FapilogLevel.Debug => "Debug"u8,
        FapilogLevel.Information => "Information"u8,
        FapilogLevel.Warning => "Warning"u8,
        FapilogLevel.Error => "Error"u8,
        FapilogLevel.Fatal => "Fatal"u8,
        FapilogLevel.Audit => "AUDIT"u8,
        FapilogLevel.Security => "SECURITY"u8,
        _ => "Information"u8,
    };

    /// <summary>
    /// Nanoseconds since the Unix epoch (0 for a time before it, which OTLP reads as unknown), clamped to what fixed64
    /// holds (the year 2554): a later time would otherwise wrap around to a plausible but wrong one.
    /// </summary>
    public static ulong UnixNanos(DateTimeOffset timestamp)
    {
        long ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks <= 0 ? 0 : (ulong)ticks >= ulong.MaxValue / 100 ? ulong.MaxValue : (ulong)ticks * 100;
    }

    /// <summary>The exception's three semantic-convention attributes; guarded, since every member of an exception is user code.</summary>
    public static (string Type, string Message, string Stacktrace) Exception(Exception exception) => (
        exception.GetType().FullName ?? exception.GetType().Name,
        SafeText.Limit(ExceptionWriter.Guard(() => exception.Message)),
        ExceptionWriter.Truncate(ExceptionWriter.Guard(exception.ToString)));

    /// <summary>What a scalar becomes; <paramref name="integer"/> or <paramref name="real"/> carry the number when it is one.</summary>
    public static OtlpScalarKind Classify(object? value, out long integer, out double real)
    {
        integer = 0;
        real = 0;
        switch (value)
        {
            case null: return OtlpScalarKind.Empty;
            case string: return OtlpScalarKind.String;
            case bool: return OtlpScalarKind.Bool;
            case int i: integer = i; return OtlpScalarKind.Int;
            case long l: integer = l; return OtlpScalarKind.Int;
            case short s: integer = s; return OtlpScalarKind.Int;
            case ushort us: integer = us; return OtlpScalarKind.Int;
            case byte b: integer = b; return OtlpScalarKind.Int;
            case sbyte sb: integer = sb; return OtlpScalarKind.Int;
            case uint ui: integer = ui; return OtlpScalarKind.Int;
            case ulong ul when ul <= long.MaxValue: integer = (long)ul; return OtlpScalarKind.Int;
            case double d: real = d; return OtlpScalarKind.Double;
            case float f: real = f; return OtlpScalarKind.Double;
            case decimal m: real = (double)m; return OtlpScalarKind.Double;
            case byte[]: return OtlpScalarKind.Bytes;
            default: return OtlpScalarKind.Text;
        }
    }

    /// <summary>
    /// The invariant text of a <see cref="OtlpScalarKind.Text"/> scalar, as Serilog's JSON writes it: dates and times in
    /// round-trip <c>O</c> format, everything else formatted in the invariant culture, without a string where the type
    /// formats to UTF-8 itself.
    /// </summary>
    public static void AppendText(object value, Utf8Text text)
    {
        string? format = value is DateTime or DateTimeOffset or DateOnly or TimeOnly ? "O" : null;
        if (value is IUtf8SpanFormattable formattable && value is not Enum && text.TryAppendFormatted(formattable, format))
        {
            return;
        }

        text.Append(value switch
        {
            char c => c.ToString(),
            Enum e => SafeText.Invariant(e),
            IFormattable f => SafeText.Limit(SafeText.Of(f, format)),
            _ => SafeText.Limit(SafeText.Of(value)),
        });
    }

    /// <summary>A dictionary key's text.</summary>
    public static string KeyText(ScalarValue key) => key.Value is { } value ? SafeText.Limit(SafeText.Of(value)) : "null";

    /// <summary>Renders the message as the body: Serilog's rendering in the invariant culture, strings unquoted.</summary>
    public static void RenderBody(LogEvent logEvent, FormatterScratch scratch)
    {
        var message = scratch.Message;
        message.Clear();
        MessageRenderer.Render(logEvent.MessageTemplate, logEvent.Properties, quoteStrings: false, message, scratch);
    }
}
