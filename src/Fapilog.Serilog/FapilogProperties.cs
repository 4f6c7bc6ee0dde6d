namespace Fapilog.Serilog;

/// <summary>
/// Names of the properties that Fapilog.Serilog writes and that its envelope formatter maps to the
/// <c>context</c> and <c>diagnostics</c> groups of the fapilog envelope instead of <c>data</c>.
/// </summary>
/// <remarks>
/// The enrichers package adds these properties on the caller thread; the formatters read them on the
/// writer thread. A property with one of these names logged by the application is mapped the same way.
/// </remarks>
public static class FapilogProperties
{
    /// <summary>The marker that carries <c>AUDIT</c> or <c>SECURITY</c> on a <c>Fatal</c> event.</summary>
    public const string Level = "FapilogLevel";

    /// <summary>The marker value for <see cref="FapilogLevel.Audit"/>.</summary>
    public const string AuditValue = "AUDIT";

    /// <summary>The marker value for <see cref="FapilogLevel.Security"/>.</summary>
    public const string SecurityValue = "SECURITY";

    /// <summary>Serilog's logger name (<c>log.logger</c>).</summary>
    public const string SourceContext = "SourceContext";

    /// <summary><c>log.context.correlation_id</c>.</summary>
    public const string CorrelationId = "CorrelationId";

    /// <summary><c>log.context.request_id</c> (also the fallback for <c>correlation_id</c>).</summary>
    public const string RequestId = "RequestId";

    /// <summary><c>log.context.user_id</c>.</summary>
    public const string UserId = "UserId";

    /// <summary><c>log.context.tenant_id</c>.</summary>
    public const string TenantId = "TenantId";

    /// <summary><c>log.context.parent_span_id</c>, added by the activity enricher.</summary>
    public const string ParentSpanId = "ParentSpanId";

    /// <summary><c>log.diagnostics.service</c>.</summary>
    public const string ServiceName = "ServiceName";

    /// <summary><c>log.diagnostics.env</c>.</summary>
    public const string EnvironmentName = "EnvironmentName";

    /// <summary><c>log.diagnostics.version</c>.</summary>
    public const string ServiceVersion = "ServiceVersion";

    /// <summary><c>log.diagnostics.host</c>.</summary>
    public const string MachineName = "MachineName";

    /// <summary><c>log.diagnostics.pid</c>.</summary>
    public const string ProcessId = "ProcessId";

    /// <summary><c>log.diagnostics.runtime</c>, e.g. <c>.NET 10.0.12</c>.</summary>
    public const string Runtime = "Runtime";

    /// <summary><c>log.diagnostics.thread_id</c>.</summary>
    public const string ThreadId = "ThreadId";

    /// <summary><c>log.diagnostics.thread_name</c>.</summary>
    public const string ThreadName = "ThreadName";

    /// <summary><c>log.diagnostics.k8s_pod</c>.</summary>
    public const string KubernetesPod = "KubernetesPod";

    /// <summary><c>log.diagnostics.k8s_namespace</c>.</summary>
    public const string KubernetesNamespace = "KubernetesNamespace";

    /// <summary><c>log.diagnostics.k8s_node</c>.</summary>
    public const string KubernetesNode = "KubernetesNode";

    /// <summary><c>log.diagnostics.k8s_container</c>.</summary>
    public const string KubernetesContainer = "KubernetesContainer";

    /// <summary><c>log.diagnostics.k8s_cluster</c>.</summary>
    public const string KubernetesCluster = "KubernetesCluster";

    /// <summary><c>log.diagnostics.k8s_deployment</c>: the workload name derived from the pod name.</summary>
    public const string KubernetesDeployment = "KubernetesDeployment";

    /// <summary><c>log.tags</c>: a sequence of strings.</summary>
    public const string Tags = "Tags";
}
