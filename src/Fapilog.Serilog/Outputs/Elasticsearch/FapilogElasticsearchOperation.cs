namespace Fapilog.Serilog;

/// <summary>The bulk operation each event is sent with.</summary>
public enum FapilogElasticsearchOperation
{
    /// <summary>
    /// <c>create</c>: adds the document, refused (409) when one with its id is there already. The only operation a data
    /// stream accepts. The default.
    /// </summary>
    Create,

    /// <summary><c>index</c>: adds the document or replaces the one with its id. Index targets only.</summary>
    Index,
}
