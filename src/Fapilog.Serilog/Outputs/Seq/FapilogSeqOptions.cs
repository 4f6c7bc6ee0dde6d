using System;

namespace Fapilog.Serilog;

/// <summary>
/// Options of the Seq output (<c>WriteTo.FapilogSeq(...)</c>): the Seq server, its API key, the CLEF flavour, and how
/// to deliver. <see cref="FapilogRemoteOptions.Url"/> is the server's base address (<c>http://127.0.0.1:5341</c>, or
/// one with a base path behind a proxy); the output POSTs to <c>{Url}/ingest/clef</c>.
/// </summary>
public sealed class FapilogSeqOptions : FapilogRemoteOptions
{
    /// <summary>The header Seq reads the API key from.</summary>
    internal const string ApiKeyHeader = "X-Seq-ApiKey";

    /// <summary>The default <see cref="EventBodyLimitBytes"/>: 256 KiB, Seq's default limit for one event.</summary>
    public const int DefaultEventBodyLimitBytes = 256 * 1024;

    /// <summary>Creates the options with their defaults; the output is named <c>seq</c>.</summary>
    public FapilogSeqOptions()
        : base("seq")
    {
    }

    /// <summary>
    /// The API key, sent as the <c>X-Seq-ApiKey</c> header; it is never shown in an error. The default is
    /// <see langword="null"/> (none: Seq takes the events unless it requires a key).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The CLEF flavour of each event: <see cref="FapilogFormat.Clef"/> (message template and renderings, the default) or
    /// <see cref="FapilogFormat.RenderedClef"/> (rendered message and event id). The envelope is not a format Seq reads.
    /// </summary>
    public FapilogFormat Format { get; set; } = FapilogFormat.Clef;

    /// <summary>
    /// Gzips each request body (<c>Content-Encoding: gzip</c>). The default is <see langword="false"/>: Seq's ingestion
    /// endpoint does not decompress request bodies, so turn this on only behind a proxy that does.
    /// </summary>
    public bool Compress { get; set; }

    /// <summary>
    /// The largest event sent, in bytes of its JSON. Seq refuses a whole request with 400 when one of its events is over
    /// the server's event body limit (256 KiB by default), so a larger event is not sent: it fails alone
    /// (<c>rejected</c>) and the rest of its batch goes. Set it to the server's limit; <see langword="null"/> sends every
    /// event. The default is 256 KiB.
    /// </summary>
    public int? EventBodyLimitBytes { get; set; } = DefaultEventBodyLimitBytes;

    private protected override string UrlExample => "http://127.0.0.1:5341";

    /// <summary>How the arguments name <see cref="FapilogRemoteOptions.Url"/>: <c>serverUrl</c>, as Serilog.Sinks.Seq does.</summary>
    internal const string ServerUrl = "ServerUrl";

    internal override void Validate(OptionNaming naming)
    {
        // In code and in appsettings.json the URL is the serverUrl argument; on the options object it is Url.
        string url = naming.IsArgument ? ServerUrl : nameof(Url);
        if (string.IsNullOrWhiteSpace(Url))
        {
            throw naming.Missing(url, ValidValues(url));
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || IsIngestionPath(uri.AbsolutePath))
        {
            throw naming.Invalid(url, Outputs.Remote.UrlText.Shown(Url), ValidValues(url));
        }

        base.Validate(naming);
        Require(Format is FapilogFormat.Clef or FapilogFormat.RenderedClef, nameof(Format), Format, naming);
        Require(EventBodyLimitBytes is null or >= 1024, nameof(EventBodyLimitBytes), EventBodyLimitBytes, naming);
        if (ApiKey is not null)
        {
            // Neither the key nor a part of it is shown: it is a credential.
            string? problem = ApiKey.Length == 0 ? "empty" : Outputs.Remote.RequestHeaders.Problem(ApiKeyHeader, ApiKey);
            if (problem is null && Headers.ContainsKey(ApiKeyHeader))
            {
                problem = "the X-Seq-ApiKey header is set in Headers too";
            }

            if (problem is not null)
            {
                throw naming.Invalid(nameof(ApiKey), "(not shown: " + problem + ")", ValidValues(nameof(ApiKey)));
            }
        }
    }

    internal override string ValidValues(string option) => option switch
    {
        ServerUrl or nameof(Url) => "the absolute http or https base address of the Seq server, without query or /ingest/clef, such as " + UrlExample,
        nameof(Format) => "Clef, RenderedClef (Seq reads CLEF; the fapilog envelope is not its format)",
        nameof(Compress) => "true, false",
        nameof(EventBodyLimitBytes) => "at least 1024, or null to send every event whatever its size",
        nameof(ApiKey) => "a Seq API key of printable ASCII on one line (not also set as the X-Seq-ApiKey header), or null for none",
        _ => base.ValidValues(option),
    };

    /// <summary>True for a URL that already names the ingestion endpoint, which the output adds itself.</summary>
    private static bool IsIngestionPath(string path)
    {
        string trimmed = path.TrimEnd('/');
        return trimmed.EndsWith("/ingest/clef", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith("/api/events/raw", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The ingestion endpoint under the base address: <c>{Url}/ingest/clef</c>, a trailing slash or a base path kept.</summary>
    internal Uri IngestionUrl()
    {
        string root = Url.EndsWith('/') ? Url : Url + "/";
        return new Uri(new Uri(root, UriKind.Absolute), "ingest/clef");
    }
}
