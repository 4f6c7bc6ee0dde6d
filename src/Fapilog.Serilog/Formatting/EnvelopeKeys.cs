using System.Text.Json;

namespace Fapilog.Serilog.Formatting;

/// <summary>The envelope's keys, encoded once.</summary>
internal static class EnvelopeKeys
{
    public static readonly JsonEncodedText SchemaVersion = JsonEncodedText.Encode("schema_version");
    public static readonly JsonEncodedText SchemaVersionValue = JsonEncodedText.Encode("1.1");
    public static readonly JsonEncodedText Log = JsonEncodedText.Encode("log");
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    public static readonly JsonEncodedText MessageTemplate = JsonEncodedText.Encode("message_template");
    public static readonly JsonEncodedText Logger = JsonEncodedText.Encode("logger");
    public static readonly JsonEncodedText Root = JsonEncodedText.Encode("root");
    public static readonly JsonEncodedText Context = JsonEncodedText.Encode("context");
    public static readonly JsonEncodedText MessageId = JsonEncodedText.Encode("message_id");
    public static readonly JsonEncodedText CorrelationId = JsonEncodedText.Encode("correlation_id");
    public static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("request_id");
    public static readonly JsonEncodedText UserId = JsonEncodedText.Encode("user_id");
    public static readonly JsonEncodedText TenantId = JsonEncodedText.Encode("tenant_id");
    public static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("trace_id");
    public static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("span_id");
    public static readonly JsonEncodedText ParentSpanId = JsonEncodedText.Encode("parent_span_id");
    public static readonly JsonEncodedText Diagnostics = JsonEncodedText.Encode("diagnostics");
    public static readonly JsonEncodedText Origin = JsonEncodedText.Encode("origin");
    public static readonly JsonEncodedText Serilog = JsonEncodedText.Encode("serilog");
    public static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    public static readonly JsonEncodedText Env = JsonEncodedText.Encode("env");
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    public static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
    public static readonly JsonEncodedText Pid = JsonEncodedText.Encode("pid");
    public static readonly JsonEncodedText Runtime = JsonEncodedText.Encode("runtime");
    public static readonly JsonEncodedText ThreadId = JsonEncodedText.Encode("thread_id");
    public static readonly JsonEncodedText ThreadName = JsonEncodedText.Encode("thread_name");
    public static readonly JsonEncodedText K8sPod = JsonEncodedText.Encode("k8s_pod");
    public static readonly JsonEncodedText K8sNamespace = JsonEncodedText.Encode("k8s_namespace");
    public static readonly JsonEncodedText K8sNode = JsonEncodedText.Encode("k8s_node");
    public static readonly JsonEncodedText K8sContainer = JsonEncodedText.Encode("k8s_container");
    public static readonly JsonEncodedText K8sCluster = JsonEncodedText.Encode("k8s_cluster");
    public static readonly JsonEncodedText K8sDeployment = JsonEncodedText.Encode("k8s_deployment");
    public static readonly JsonEncodedText Exception = JsonEncodedText.Encode("exception");
    public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    public static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
}
