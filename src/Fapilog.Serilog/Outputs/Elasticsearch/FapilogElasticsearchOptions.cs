using System;
using Fapilog.Serilog.Outputs.Elasticsearch;

namespace Fapilog.Serilog;

/// <summary>
/// Options of the Elasticsearch output (<c>WriteTo.FapilogElasticsearch(...)</c>), which sends batches to the
/// <c>_bulk</c> API of Elasticsearch or OpenSearch: where, into which data stream or index, and how to deliver.
/// </summary>
/// <remarks>
/// Each event is one document: <c>@timestamp</c> (the event's time, UTC, milliseconds) first, then the fields of
/// <see cref="Format"/> (the fapilog envelope by default). <see cref="FapilogRemoteOptions.Url"/> is the cluster's base
/// address (<c>http://127.0.0.1:9200</c>); requests go to its <c>/_bulk</c>.
/// </remarks>
public sealed class FapilogElasticsearchOptions : FapilogRemoteOptions
{
    /// <summary>The data stream events go to when neither <see cref="DataStream"/> nor <see cref="Index"/> is set.</summary>
    public const string DefaultDataStream = "logs-generic-default";

    /// <summary>Creates the options with their defaults; the output is named <c>elasticsearch</c>.</summary>
    public FapilogElasticsearchOptions()
        : base("elasticsearch")
    {
    }

    /// <summary>
    /// The data stream events go to (such as <c>logs-shop-production</c>; Elasticsearch's built-in template makes every
    /// <c>logs-*-*</c> name a data stream). The default is <see langword="null"/>: <see cref="DefaultDataStream"/> unless
    /// <see cref="Index"/> is set. Set one of the two, not both.
    /// </summary>
    public string? DataStream { get; set; }

    /// <summary>
    /// The index events go to instead of a data stream: a name, or a pattern formatted with the event's UTC time such as
    /// <c>logs-{0:yyyy.MM.dd}</c> (only the letters y, M, d and H). The default is <see langword="null"/>.
    /// </summary>
    public string? Index { get; set; }

    /// <summary>
    /// The bulk operation: <see cref="FapilogElasticsearchOperation.Create"/> (the default; the only one a data stream
    /// takes) or <see cref="FapilogElasticsearchOperation.Index"/>.
    /// </summary>
    public FapilogElasticsearchOperation Operation { get; set; } = FapilogElasticsearchOperation.Create;

    /// <summary>
    /// Whether each document's <c>_id</c> is the event's <c>message_id</c> (a time-ordered UUID). Then a batch sent again
    /// after an answer was lost adds no document twice: a <c>create</c> of a document already there is answered 409 and
    /// counted as delivered, an <c>index</c> replaces it with itself. Without ids the cluster makes them (its fastest way
    /// to index) and such a resend duplicates what had arrived. The default is <see langword="true"/>.
    /// </summary>
    public bool SetDocumentIds { get; set; } = true;

    /// <summary>The ingest pipeline every document goes through (<c>?pipeline=</c>). The default is none.</summary>
    public string? Pipeline { get; set; }

    /// <summary>
    /// An API key, as Elasticsearch hands it out encoded: sent as <c>Authorization: ApiKey &lt;key&gt;</c>. For basic
    /// authentication set an <c>Authorization</c> header instead. The default is none.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Whether request bodies are gzipped (<c>Content-Encoding: gzip</c>). The default is <see langword="false"/>.</summary>
    public bool CompressRequests { get; set; }

    /// <summary>The JSON format of each document, after its <c>@timestamp</c>. The default is <see cref="FapilogFormat.Envelope"/>.</summary>
    public FapilogFormat Format { get; set; } = FapilogFormat.Envelope;

    private protected override string UrlExample => "http://127.0.0.1:9200";

    /// <summary>The target's name or pattern, the default data stream when none is set.</summary>
    internal string Target => Index ?? DataStream ?? DefaultDataStream;

    internal bool IsDataStream => Index is null;

    internal override void Validate(OptionNaming naming)
    {
        base.Validate(naming);
        var url = new Uri(Url, UriKind.Absolute);
        if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.AbsolutePath.TrimEnd('/').EndsWith("/_bulk", StringComparison.OrdinalIgnoreCase))
        {
            throw naming.Invalid(nameof(Url), Outputs.Remote.UrlText.Shown(Url), ValidValues(nameof(Url)) + " (the base address without a query; the output adds /_bulk)");
        }

        if (DataStream is not null && Index is not null)
        {
            throw naming.Invalid(nameof(Index), Index, "null when DataStream is set (events go to a data stream or to an index, not both)");
        }

        if (DataStream is not null && IndexNames.Problem(DataStream) is { } streamProblem)
        {
            throw naming.Invalid(nameof(DataStream), DataStream + " (" + streamProblem + ")", ValidValues(nameof(DataStream)));
        }

        if (Index is not null && IndexNames.PatternProblem(Index) is { } indexProblem)
        {
            throw naming.Invalid(nameof(Index), Index + " (" + indexProblem + ")", ValidValues(nameof(Index)));
        }

        Require(Enum.IsDefined(Operation), nameof(Operation), Operation, naming);
        if (IsDataStream && Operation != FapilogElasticsearchOperation.Create)
        {
            throw naming.Invalid(nameof(Operation), Operation.ToString(), "Create when the target is a data stream (data streams take only create)");
        }

        Require(Enum.IsDefined(Format), nameof(Format), Format, naming);
        if (Pipeline is not null && (Pipeline.Length == 0 || !IsPrintable(Pipeline)))
        {
            throw naming.Invalid(nameof(Pipeline), Pipeline, ValidValues(nameof(Pipeline)));
        }

        if (ApiKey is not null)
        {
            if (ApiKey.Length == 0 || Outputs.Remote.RequestHeaders.Problem("Authorization", "ApiKey " + ApiKey) is not null)
            {
                // The value is not shown: it is a credential.
                throw naming.Invalid(nameof(ApiKey), "(not shown)", ValidValues(nameof(ApiKey)));
            }

            if (Headers.ContainsKey("Authorization"))
            {
                throw naming.Invalid(nameof(ApiKey), "(not shown)", "null when Headers has an Authorization header (one of the two authenticates)");
            }
        }
    }

    internal override string ValidValues(string option) => option switch
    {
        nameof(DataStream) => "a data stream name in lower case such as logs-shop-production, or null",
        nameof(Index) => "an index name in lower case, or a pattern such as logs-{0:yyyy.MM.dd} (letters y, M, d, H; the event's UTC time), or null",
        nameof(Operation) => OptionNaming.Names<FapilogElasticsearchOperation>(),
        nameof(Format) => OptionNaming.Names<FapilogFormat>(),
        nameof(Pipeline) => "an ingest pipeline name, or null",
        nameof(ApiKey) => "an encoded API key of printable ASCII, or null",
        nameof(SetDocumentIds) or nameof(CompressRequests) => "true, false",
        _ => base.ValidValues(option),
    };

    private static bool IsPrintable(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
