namespace Fapilog.Serilog;

/// <summary>What <c>Enrich.WithFapilog(options)</c> turns on.</summary>
public sealed class FapilogEnrichersOptions
{
    /// <summary>
    /// Whether to add the values bound with <see cref="FapilogContext"/>. The default is <see langword="true"/>.
    /// </summary>
    public bool IncludeContext { get; set; } = true;

    /// <summary>
    /// Whether to add service, environment, version, host, process id and runtime. The default is
    /// <see langword="true"/>.
    /// </summary>
    public bool IncludeRuntime { get; set; } = true;

    /// <summary>
    /// The service name; when <see langword="null"/>: <c>FAPILOG_SERVICE</c>, else <c>OTEL_SERVICE_NAME</c>, else
    /// the entry assembly's name. The default is <see langword="null"/>.
    /// </summary>
    public string? Service { get; set; }

    /// <summary>
    /// The environment name; when <see langword="null"/>: <c>FAPILOG_ENV</c>, else <c>DOTNET_ENVIRONMENT</c>, else
    /// <c>ASPNETCORE_ENVIRONMENT</c>, else <c>production</c>. The default is <see langword="null"/>.
    /// </summary>
    public string? Environment { get; set; }

    /// <summary>
    /// The service version; when <see langword="null"/>: <c>FAPILOG_VERSION</c>, else the entry assembly's
    /// informational version. The default is <see langword="null"/>.
    /// </summary>
    public string? Version { get; set; }

    /// <summary>
    /// Where to find the pod's identity; Kubernetes information is added only when the pod-name variable is
    /// set. <see langword="null"/> turns it off. The default is a new <see cref="KubernetesOptions"/>.
    /// </summary>
    public KubernetesOptions? Kubernetes { get; set; } = new();

    /// <summary>Whether to add the thread id and name. The default is <see langword="false"/>.</summary>
    public bool IncludeThread { get; set; }

    /// <summary>
    /// Whether to add the parent span id and W3C baggage of <c>Activity.Current</c>. The default is
    /// <see langword="false"/>.
    /// </summary>
    public bool IncludeActivity { get; set; }
}
