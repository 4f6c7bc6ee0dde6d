namespace Fapilog.Serilog;

/// <summary>Options of the generic HTTP output (<c>WriteTo.FapilogHttp(...)</c>): where to POST, how, and how to deliver.</summary>
public sealed class FapilogHttpOptions : FapilogRemoteOptions
{
    /// <summary>Creates the options with their defaults; the output is named <c>http</c>.</summary>
    public FapilogHttpOptions()
        : base("http")
    {
    }

    /// <summary>The JSON format of each event. The default is <see cref="FapilogFormat.Envelope"/>.</summary>
    public FapilogFormat Format { get; set; } = FapilogFormat.Envelope;

    /// <summary>How the events of one request are laid out. The default is <see cref="FapilogHttpBodyFormat.Ndjson"/>.</summary>
    public FapilogHttpBodyFormat BodyFormat { get; set; } = FapilogHttpBodyFormat.Ndjson;

    /// <summary>
    /// When set, each request is signed as fapilog's webhook does: <c>X-Fapilog-Timestamp</c> (unix seconds) and
    /// <c>X-Fapilog-Signature-256: sha256=&lt;hex HMAC-SHA256 of "{timestamp}.{body}"&gt;</c>, over the exact bytes sent.
    /// The default is <see langword="null"/> (unsigned).
    /// </summary>
    public string? SigningSecret { get; set; }

    private protected override string UrlExample => "http://127.0.0.1:8080/logs";

    internal override void Validate(OptionNaming naming)
    {
        base.Validate(naming);
        Require(System.Enum.IsDefined(Format), nameof(Format), Format, naming);
        Require(System.Enum.IsDefined(BodyFormat), nameof(BodyFormat), BodyFormat, naming);
        Require(SigningSecret is null || SigningSecret.Length > 0, nameof(SigningSecret), "(empty)", naming);
    }

    internal override string ValidValues(string option) => option switch
    {
        nameof(Format) => OptionNaming.Names<FapilogFormat>(),
        nameof(BodyFormat) => OptionNaming.Names<FapilogHttpBodyFormat>(),
        nameof(SigningSecret) => "a non-empty secret, or null for unsigned requests",
        _ => base.ValidValues(option),
    };
}
