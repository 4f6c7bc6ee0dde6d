using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers;

/// <summary>Reads the pod's identity from the environment, once.</summary>
internal static class KubernetesInfo
{
    /// <summary>
    /// The properties to add, or an empty array outside Kubernetes (when the pod-name variable is not set).
    /// </summary>
    public static LogEventProperty[] Resolve(KubernetesOptions options, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(variables);

        string? pod = Read(variables, options.PodNameVariable);
        if (pod is null)
        {
            return Array.Empty<LogEventProperty>();
        }

        var properties = new List<LogEventProperty>(6);
        Add(properties, FapilogProperties.KubernetesPod, pod);
        Add(properties, FapilogProperties.KubernetesNamespace, Read(variables, options.NamespaceVariable));
        Add(properties, FapilogProperties.KubernetesNode, Read(variables, options.NodeNameVariable));
        Add(properties, FapilogProperties.KubernetesContainer, Read(variables, options.ContainerNameVariable));
        Add(properties, FapilogProperties.KubernetesCluster, Read(variables, options.ClusterNameVariable));
        if (options.DeriveWorkloadName)
        {
            Add(properties, FapilogProperties.KubernetesDeployment, KubernetesWorkload.FromPodName(pod));
        }

        return properties.ToArray();
    }

    private static string? Read(Func<string, string?> variables, string? name)
        => string.IsNullOrWhiteSpace(name) ? null : EnvironmentVariables.First(variables, name);

    private static void Add(List<LogEventProperty> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties.Add(new LogEventProperty(name, new ScalarValue(value)));
        }
    }
}
