namespace Fapilog.Serilog;

/// <summary>
/// Which environment variables carry the pod's identity (usually set from the downward API in the pod spec).
/// </summary>
public sealed class KubernetesOptions
{
    /// <summary>The variable holding the pod name; without it nothing is added. The default is <c>POD_NAME</c>.</summary>
    public string PodNameVariable { get; set; } = "POD_NAME";

    /// <summary>The variable holding the namespace. The default is <c>POD_NAMESPACE</c>.</summary>
    public string NamespaceVariable { get; set; } = "POD_NAMESPACE";

    /// <summary>The variable holding the node name. The default is <c>NODE_NAME</c>.</summary>
    public string NodeNameVariable { get; set; } = "NODE_NAME";

    /// <summary>The variable holding the container name. The default is <c>CONTAINER_NAME</c>.</summary>
    public string ContainerNameVariable { get; set; } = "CONTAINER_NAME";

    /// <summary>The variable holding the cluster name. The default is <c>CLUSTER_NAME</c>.</summary>
    public string ClusterNameVariable { get; set; } = "CLUSTER_NAME";

    /// <summary>
    /// Whether to add the workload (deployment, statefulset or daemonset) name derived from the pod name.
    /// The default is <see langword="true"/>.
    /// </summary>
    public bool DeriveWorkloadName { get; set; } = true;
}
