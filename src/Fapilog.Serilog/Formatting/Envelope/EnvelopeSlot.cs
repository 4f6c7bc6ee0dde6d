namespace Fapilog.Serilog.Formatting;

/// <summary>The places in the envelope, outside <c>data</c>, that a well-known property can move to.</summary>
internal enum EnvelopeSlot
{
    None = -1,
    Logger,
    CorrelationId,
    CorrelationIdSnake,
    RequestId,
    RequestIdSnake,
    UserId,
    UserIdSnake,
    TenantId,
    TenantIdSnake,
    ParentSpanId,
    Service,
    Env,
    Version,
    Host,
    Pid,
    Runtime,
    ThreadId,
    ThreadName,
    K8sPod,
    K8sNamespace,
    K8sNode,
    K8sContainer,
    K8sCluster,
    K8sDeployment,
    Tags,
    LevelMarker,
    Count,
}
