using System;
using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// Options of the OTLP/HTTP logs output (<c>WriteTo.FapilogOtlp(...)</c>): the collector, the encoding, the
/// resource the logs come from, and how to deliver.
/// </summary>
public sealed class FapilogOtlpOptions : FapilogRemoteOptions
{
    /// <summary>The default <see cref="FapilogRemoteOptions.Url"/>: a collector's OTLP/HTTP port on this machine.</summary>
    public const string DefaultUrl = "http://localhost:4318";

    private const string LogsPath = "/v1/logs";

    /// <summary>Creates the options with their defaults; the output is named <c>otlp</c> and sends to <see cref="DefaultUrl"/>.</summary>
    public FapilogOtlpOptions()
        : base("otlp")
        => Url = DefaultUrl;

    /// <summary>The body encoding. The default is <see cref="FapilogOtlpProtocol.HttpProtobuf"/>.</summary>
    public FapilogOtlpProtocol Protocol { get; set; } = FapilogOtlpProtocol.HttpProtobuf;

    /// <summary>The body compression. The default is <see cref="FapilogOtlpCompression.None"/>, the OTLP exporters' default.</summary>
    public FapilogOtlpCompression Compression { get; set; } = FapilogOtlpCompression.None;

    /// <summary>
    /// Attributes of the resource every record comes from, such as <c>service.name</c>, <c>service.version</c> or
    /// <c>deployment.environment.name</c>. They win over <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c> and <c>FAPILOG_SERVICE</c>;
    /// without any, <c>service.name</c> is <c>unknown_service:&lt;process name&gt;</c>, as in the OpenTelemetry SDKs.
    /// The default is none.
    /// </summary>
    public IDictionary<string, string> ResourceAttributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Whether <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c> and, below both, fapilog's <c>FAPILOG_SERVICE</c>
    /// are read (once, when the output is created) into the resource. The default is <see langword="true"/>.
    /// </summary>
    public bool ReadEnvironment { get; set; } = true;

    /// <summary>Whether each record carries its message template as the <c>message_template.text</c> attribute. The default is <see langword="true"/>.</summary>
    public bool IncludeMessageTemplate { get; set; } = true;

    /// <summary>Reads an environment variable; tests pass their own.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    private protected override string UrlExample => "http://127.0.0.1:4318";

    /// <summary>
    /// Where requests go: <see cref="FapilogRemoteOptions.Url"/> with <c>/v1/logs</c> added to its path, or as it is when
    /// it already ends with <c>/v1/logs</c> (the two forms of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and
    /// <c>OTEL_EXPORTER_OTLP_LOGS_ENDPOINT</c>).
    /// </summary>
    internal Uri LogsUrl()
    {
        var url = new Uri(Url, UriKind.Absolute);
        string path = url.AbsolutePath.TrimEnd('/');
        return path.EndsWith(LogsPath, StringComparison.Ordinal)
            ? url
            : new UriBuilder(url) { Path = path + LogsPath }.Uri;
    }

    internal override void Validate(OptionNaming naming)
    {
        base.Validate(naming);
        if (!string.IsNullOrEmpty(new Uri(Url, UriKind.Absolute).Query))
        {
            throw naming.Invalid(nameof(Url), Outputs.Remote.UrlText.Shown(Url), ValidValues(nameof(Url)));
        }

        Require(Enum.IsDefined(Protocol), nameof(Protocol), Protocol, naming);
        Require(Enum.IsDefined(Compression), nameof(Compression), Compression, naming);
        foreach (var attribute in ResourceAttributes)
        {
            if (string.IsNullOrWhiteSpace(attribute.Key) || attribute.Value is null)
            {
                throw naming.Invalid(nameof(ResourceAttributes), (attribute.Key ?? "(null)") + "=" + (attribute.Value ?? "(null)"), ValidValues(nameof(ResourceAttributes)));
            }
        }
    }

    internal override string ValidValues(string option) => option switch
    {
        nameof(Url) => "an absolute http or https URL without a query: a collector's base such as http://127.0.0.1:4318 (/v1/logs is added), or a full URL ending in /v1/logs",
        nameof(Protocol) => OptionNaming.Names<FapilogOtlpProtocol>(),
        nameof(Compression) => OptionNaming.Names<FapilogOtlpCompression>(),
        nameof(ResourceAttributes) => "attribute names that are not empty, with string values (service.name=shop)",
        nameof(ReadEnvironment) or nameof(IncludeMessageTemplate) => "true, false",
        _ => base.ValidValues(option),
    };
}
