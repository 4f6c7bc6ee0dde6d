using System;
using System.Reflection;
using Fapilog.Serilog;
using Fapilog.Serilog.Enrichers;
using Serilog.Configuration;

namespace Serilog;

/// <summary>
/// <c>Enrich.WithFapilog(...)</c> and the individual Fapilog.Serilog enrichers. Each can also be named in the
/// <c>Enrich</c> section of <c>appsettings.json</c> (Serilog.Settings.Configuration binds arguments by name).
/// </summary>
public static class FapilogEnricherConfigurationExtensions
{
    /// <summary>
    /// Turns on the recommended set: bound context (<see cref="FapilogContext"/>), runtime information, and
    /// Kubernetes information when running in a pod; optionally thread and activity information.
    /// </summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <param name="service">The service name; see <see cref="FapilogEnrichersOptions.Service"/>.</param>
    /// <param name="environment">The environment name; see <see cref="FapilogEnrichersOptions.Environment"/>.</param>
    /// <param name="version">The service version; see <see cref="FapilogEnrichersOptions.Version"/>.</param>
    /// <param name="includeThread">Whether to add thread id and name. The default is <see langword="false"/>.</param>
    /// <param name="includeActivity">Whether to add parent span id and baggage. The default is <see langword="false"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithFapilog(
        this LoggerEnrichmentConfiguration enrich,
        string? service = null,
        string? environment = null,
        string? version = null,
        bool includeThread = false,
        bool includeActivity = false)
        => enrich.WithFapilog(new FapilogEnrichersOptions
        {
            Service = service,
            Environment = environment,
            Version = version,
            IncludeThread = includeThread,
            IncludeActivity = includeActivity,
        });

    /// <summary>Turns on the Fapilog.Serilog enrichers chosen by <paramref name="options"/>.</summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <param name="options">What to add.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithFapilog(this LoggerEnrichmentConfiguration enrich, FapilogEnrichersOptions options)
    {
        ArgumentNullException.ThrowIfNull(enrich);
        ArgumentNullException.ThrowIfNull(options);
        return enrich.With(FapilogEnrichers.Create(options, EnvironmentVariables.Process, Assembly.GetEntryAssembly()));
    }

    /// <summary>
    /// Adds the values bound with <see cref="FapilogContext"/> in the logging flow. A value from the message
    /// template or <c>ForContext</c> wins; for a name also pushed to Serilog's <c>LogContext</c>, the enricher
    /// registered first wins.
    /// </summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithFapilogContext(this LoggerEnrichmentConfiguration enrich)
    {
        ArgumentNullException.ThrowIfNull(enrich);
        return enrich.With(new FapilogContextEnricher());
    }

    /// <summary>
    /// Adds <c>ServiceName</c>, <c>EnvironmentName</c>, <c>ServiceVersion</c>, <c>MachineName</c>,
    /// <c>ProcessId</c> and <c>Runtime</c>, resolved once (see <see cref="FapilogEnrichersOptions"/> for the
    /// precedence of arguments, environment variables and the entry assembly).
    /// </summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <param name="service">The service name, or <see langword="null"/> to resolve it.</param>
    /// <param name="environment">The environment name, or <see langword="null"/> to resolve it.</param>
    /// <param name="version">The service version, or <see langword="null"/> to resolve it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithFapilogRuntime(
        this LoggerEnrichmentConfiguration enrich,
        string? service = null,
        string? environment = null,
        string? version = null)
    {
        ArgumentNullException.ThrowIfNull(enrich);
        return enrich.With(FapilogEnrichers.Runtime(service, environment, version, EnvironmentVariables.Process, Assembly.GetEntryAssembly()));
    }

    /// <summary>
    /// Adds the pod's name, namespace, node, container, cluster and workload name, read once from the
    /// environment; adds nothing when the pod-name variable is not set (outside Kubernetes).
    /// </summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <param name="options">The variable names.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithKubernetes(this LoggerEnrichmentConfiguration enrich, KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(enrich);
        ArgumentNullException.ThrowIfNull(options);
        var enricher = FapilogEnrichers.Kubernetes(options, EnvironmentVariables.Process);
        return enricher is null ? enrich.With() : enrich.With(enricher);
    }

    /// <summary>
    /// Adds Kubernetes information from the named environment variables (see <see cref="KubernetesOptions"/>
    /// for the defaults); adds nothing when the pod-name variable is not set.
    /// </summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <param name="podNameVariable">The variable holding the pod name.</param>
    /// <param name="namespaceVariable">The variable holding the namespace.</param>
    /// <param name="nodeNameVariable">The variable holding the node name.</param>
    /// <param name="containerNameVariable">The variable holding the container name.</param>
    /// <param name="clusterNameVariable">The variable holding the cluster name.</param>
    /// <param name="deriveWorkloadName">Whether to add the workload name derived from the pod name.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithKubernetes(
        this LoggerEnrichmentConfiguration enrich,
        string podNameVariable = "POD_NAME",
        string namespaceVariable = "POD_NAMESPACE",
        string nodeNameVariable = "NODE_NAME",
        string containerNameVariable = "CONTAINER_NAME",
        string clusterNameVariable = "CLUSTER_NAME",
        bool deriveWorkloadName = true)
        => enrich.WithKubernetes(new KubernetesOptions
        {
            PodNameVariable = podNameVariable,
            NamespaceVariable = namespaceVariable,
            NodeNameVariable = nodeNameVariable,
            ContainerNameVariable = containerNameVariable,
            ClusterNameVariable = clusterNameVariable,
            DeriveWorkloadName = deriveWorkloadName,
        });

    /// <summary>Adds <c>ThreadId</c> and, for a named thread, <c>ThreadName</c>.</summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithFapilogThread(this LoggerEnrichmentConfiguration enrich)
    {
        ArgumentNullException.ThrowIfNull(enrich);
        return enrich.With(new ThreadEnricher());
    }

    /// <summary>
    /// Adds <c>ParentSpanId</c> of <c>Activity.Current</c> and, optionally, its W3C baggage as one dictionary
    /// property named <c>Baggage</c>. (Serilog itself captures the trace and span ids.)
    /// </summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <param name="includeBaggage">Whether to add the baggage. The default is <see langword="true"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithFapilogActivity(this LoggerEnrichmentConfiguration enrich, bool includeBaggage = true)
    {
        ArgumentNullException.ThrowIfNull(enrich);
        return enrich.With(new ActivityEnricher(includeBaggage));
    }
}
