using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// The request id of the current request and the identifier ASP.NET Core gave the request before it
/// (<c>HttpContext.TraceIdentifier</c>, which its logging scope adds as <c>RequestId</c> to every framework event).
/// </summary>
internal sealed class RequestIdentity
{
    private static readonly AsyncLocal<RequestIdentity?> s_current = new();

    private RequestIdentity(string original, LogEventProperty requestId)
    {
        Original = original;
        RequestId = requestId;
    }

    public static RequestIdentity? Current => s_current.Value;

    public string Original { get; }

    public LogEventProperty RequestId { get; }

    /// <summary>Sets the current request's identity for the rest of the flow (the request's, in the middleware).</summary>
    public static void Set(string original, string requestId) =>
        s_current.Value = new RequestIdentity(original, new LogEventProperty(FapilogProperties.RequestId, new ScalarValue(requestId)));

    public static void Clear() => s_current.Value = null;
}

/// <summary>
/// Framework events of a request carry ASP.NET Core's own <c>RequestId</c> (from its logging scope, added before any
/// Serilog enricher runs): this enricher puts the request's id in its place, so every line of the request carries
/// the same one. A <c>RequestId</c> with any other value (set by the application) is left alone.
/// </summary>
internal sealed class RequestIdEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (RequestIdentity.Current is { } identity
            && logEvent.Properties.TryGetValue(FapilogProperties.RequestId, out var value)
            && value is ScalarValue { Value: string existing }
            && string.Equals(existing, identity.Original, System.StringComparison.Ordinal))
        {
            logEvent.AddOrUpdateProperty(identity.RequestId);
        }
    }
}
