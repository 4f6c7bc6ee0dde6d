using static Fapilog.Serilog.Formatting.EnvelopeSection;
using static Fapilog.Serilog.Formatting.EnvelopeValue;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// The envelope mapping, in one table: which properties move out of <c>data</c>, under which key of which
/// section, with which value type. Everything else is derived from it — the name lookup
/// (<see cref="Find"/>), the masks, each field's slot and pre-encoded key. A row's place is its write order:
/// <c>log.diagnostics</c> is written by walking its rows, so a diagnostics field is one line here; the few
/// <c>log.context</c> rows are written one by one in <see cref="EnvelopeWriter"/>, between the event's own
/// <c>trace_id</c> and <c>span_id</c> (a test checks that every row reaches the line).
/// </summary>
/// <remarks>
/// C# runs static field initialisers in textual order, which makes the order of the declarations below the
/// table's order; <see cref="Table"/> is declared after the last row, so it holds them all (a test checks).
/// </remarks>
internal static class EnvelopeSchema
{
    private static readonly EnvelopeFieldTable.Builder Rows = new();

    public static readonly EnvelopeField Logger = Rows.Add(Log, "logger", String, FapilogProperties.SourceContext);

    // The PascalCase name wins; a snake_case twin beside it stays in data.
    public static readonly EnvelopeField CorrelationId = Rows.Add(Context, "correlation_id", String, FapilogProperties.CorrelationId, "correlation_id");
    public static readonly EnvelopeField RequestId = Rows.Add(Context, "request_id", String, FapilogProperties.RequestId, "request_id");
    public static readonly EnvelopeField UserId = Rows.Add(Context, "user_id", String, FapilogProperties.UserId, "user_id");
    public static readonly EnvelopeField TenantId = Rows.Add(Context, "tenant_id", String, FapilogProperties.TenantId, "tenant_id");
    public static readonly EnvelopeField ParentSpanId = Rows.Add(Context, "parent_span_id", String, FapilogProperties.ParentSpanId);

    public static readonly EnvelopeField Service = Rows.Add(Diagnostics, "service", String, FapilogProperties.ServiceName);
    public static readonly EnvelopeField Env = Rows.Add(Diagnostics, "env", String, FapilogProperties.EnvironmentName);
    public static readonly EnvelopeField Version = Rows.Add(Diagnostics, "version", String, FapilogProperties.ServiceVersion);
    public static readonly EnvelopeField Host = Rows.Add(Diagnostics, "host", String, FapilogProperties.MachineName);
    public static readonly EnvelopeField Pid = Rows.Add(Diagnostics, "pid", Integer, FapilogProperties.ProcessId);
    public static readonly EnvelopeField Runtime = Rows.Add(Diagnostics, "runtime", String, FapilogProperties.Runtime);
    public static readonly EnvelopeField ThreadId = Rows.Add(Diagnostics, "thread_id", IntegerOrString, FapilogProperties.ThreadId);
    public static readonly EnvelopeField ThreadName = Rows.Add(Diagnostics, "thread_name", String, FapilogProperties.ThreadName);
    public static readonly EnvelopeField K8sPod = Rows.Add(Diagnostics, "k8s_pod", String, FapilogProperties.KubernetesPod);
    public static readonly EnvelopeField K8sNamespace = Rows.Add(Diagnostics, "k8s_namespace", String, FapilogProperties.KubernetesNamespace);
    public static readonly EnvelopeField K8sNode = Rows.Add(Diagnostics, "k8s_node", String, FapilogProperties.KubernetesNode);
    public static readonly EnvelopeField K8sContainer = Rows.Add(Diagnostics, "k8s_container", String, FapilogProperties.KubernetesContainer);
    public static readonly EnvelopeField K8sCluster = Rows.Add(Diagnostics, "k8s_cluster", String, FapilogProperties.KubernetesCluster);
    public static readonly EnvelopeField K8sDeployment = Rows.Add(Diagnostics, "k8s_deployment", String, FapilogProperties.KubernetesDeployment);

    public static readonly EnvelopeField Tags = Rows.Add(Log, "tags", StringArray, FapilogProperties.Tags);
    public static readonly EnvelopeField LevelMarker = Rows.Add(Level, "level", EnvelopeValue.LevelMarker, FapilogProperties.Level);

    /// <summary>Every row, in order. Declared after the last row.</summary>
    public static readonly EnvelopeFieldTable Table = Rows.Build();

    /// <summary>The fields of <c>log.context</c> (besides <c>message_id</c>, <c>trace_id</c> and <c>span_id</c>, which are not properties).</summary>
    public static readonly ulong ContextMask = Table.MaskOf(Context);

    /// <summary>The fields of <c>log.diagnostics</c> (besides <c>origin</c> and <c>exception</c>).</summary>
    public static readonly ulong DiagnosticsMask = Table.MaskOf(Diagnostics);

    /// <summary>The field a property moves to when its value fits, or null: it stays in <c>data</c>.</summary>
    public static EnvelopeField? Find(string name) => Table.Find(name);
}
