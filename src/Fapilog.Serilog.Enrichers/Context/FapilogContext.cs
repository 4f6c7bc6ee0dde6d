using System;
using System.Collections.Generic;
using System.Threading;
using Fapilog.Serilog.Enrichers;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Binds request identity and other values to the current async flow, so that every event logged inside the
/// scope carries them (fapilog's <c>bind()</c> / <c>clear_context()</c>). Requires the context enricher:
/// <c>Enrich.WithFapilog()</c> or <c>Enrich.WithFapilogContext()</c>.
/// </summary>
/// <remarks>
/// <para>
/// Bindings follow <see cref="AsyncLocal{T}"/>: scopes nest (an inner value for the same name wins), a binding
/// flows into <c>await</c> continuations, <see cref="System.Threading.Tasks.Task.Run(Action)"/> and new threads
/// started inside the scope, and a binding made in a child flow never flows back to its parent.
/// Disposing a scope removes exactly what it bound — also when scopes are disposed out of order — and a
/// second dispose does nothing. A scope disposed in another async flow than the one that made it has no
/// effect on the flow that made it (that is how <see cref="AsyncLocal{T}"/> works), so dispose it where it
/// was created, ideally with <c>using</c>.
/// </para>
/// <para>
/// Values are converted to Serilog property values once, when bound (a mutable object is captured as it is
/// at that moment), and the converted properties are reused by every event: logging inside a scope allocates
/// nothing for the binding. A value given in the message template or with <c>ForContext</c> wins over a bound
/// one. For how this combines with Serilog's <c>LogContext</c>, see the package README: whichever enricher
/// is registered first wins for a name bound by both.
/// </para>
/// </remarks>
public static class FapilogContext
{
    // The innermost binding of the current flow; written only by Bind/Unbind on the flow itself, read by
    // the enricher on the thread that logs. Links are immutable, so a read is one consistent snapshot.
    private static readonly AsyncLocal<ContextBinding?> s_current = new();

    /// <summary>The correlation id bound in the current flow, or <see langword="null"/>.</summary>
    public static string? CorrelationId
    {
        get
        {
            var properties = s_current.Value?.Properties;
            if (properties is null)
            {
                return null;
            }

            int index = ContextBinding.IndexOf(properties, FapilogProperties.CorrelationId);
            return index >= 0 && properties[index].Value is ScalarValue { Value: { } value } ? value.ToString() : null;
        }
    }

    /// <summary>The innermost binding of the current flow, for the enricher.</summary>
    internal static ContextBinding? Current => s_current.Value;

    /// <summary>Binds one value under <paramref name="key"/> until the returned scope is disposed.</summary>
    /// <param name="key">The property name, used as given.</param>
    /// <param name="value">The value; converted as a message-template argument would be.</param>
    /// <param name="destructureObjects">Whether to capture a complex object's structure (like <c>{@Value}</c>)
    /// rather than its <c>ToString()</c>. The default is <see langword="false"/>.</param>
    /// <returns>The scope; dispose it to remove the binding.</returns>
    public static IDisposable Bind(string key, object? value, bool destructureObjects = false)
        => Push(new[] { PropertyValues.Create(key, value, destructureObjects) }, hidesParent: false);

    /// <summary>Binds several values until the returned scope is disposed; a later duplicate key wins.</summary>
    /// <param name="properties">The names and values.</param>
    /// <returns>The scope; dispose it to remove the bindings.</returns>
    public static IDisposable Bind(IEnumerable<KeyValuePair<string, object?>> properties)
        => BindIdentity(properties: properties ?? throw new ArgumentNullException(nameof(properties)));

    /// <summary>
    /// Binds request identity — under the names the envelope maps to <c>log.context</c>
    /// (<see cref="FapilogProperties.RequestId"/>, <see cref="FapilogProperties.UserId"/>,
    /// <see cref="FapilogProperties.TenantId"/>, <see cref="FapilogProperties.CorrelationId"/>) — and any other
    /// values, until the returned scope is disposed. A <see langword="null"/> argument binds nothing.
    /// </summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="tenantId">The tenant id.</param>
    /// <param name="correlationId">The correlation id.</param>
    /// <param name="properties">Other values, under the names given; an identity argument wins over an entry
    /// here with the same name.</param>
    /// <returns>The scope; dispose it to remove the bindings.</returns>
    public static IDisposable BindIdentity(
        string? requestId = null,
        string? userId = null,
        string? tenantId = null,
        string? correlationId = null,
        IEnumerable<KeyValuePair<string, object?>>? properties = null)
    {
        if (properties is null)
        {
            // The common case (a request's ids): the properties straight into an array of the right size.
            return Push(IdentityOnly(requestId, userId, tenantId, correlationId), hidesParent: false);
        }

        var own = new List<LogEventProperty>(IdentityOnly(requestId, userId, tenantId, correlationId));
        int identityCount = own.Count;

        if (properties is not null)
        {
            foreach (var pair in properties)
            {
                var property = PropertyValues.Create(pair.Key, pair.Value);
                int existing = own.FindIndex(p => string.Equals(p.Name, property.Name, StringComparison.Ordinal));
                if (existing < 0)
                {
                    own.Add(property);
                }
                else if (existing >= identityCount)
                {
                    own[existing] = property;
                }
            }
        }

        return Push(own.ToArray(), hidesParent: false);
    }

    /// <summary>
    /// Starts a correlation for a unit of work that has no incoming request (a CLI job, a queue message):
    /// binds <see cref="FapilogProperties.CorrelationId"/>, generating a new id when none is given.
    /// </summary>
    /// <param name="correlationId">The id to use, e.g. one carried by a message; when <see langword="null"/>
    /// or blank a new GUID string is generated.</param>
    /// <returns>The scope, which exposes the id in use; dispose it to end the correlation.</returns>
    public static CorrelationScope BeginCorrelation(string? correlationId = null)
    {
        string id = string.IsNullOrWhiteSpace(correlationId) ? Guid.NewGuid().ToString("D") : correlationId;
        var scope = Push(new[] { new LogEventProperty(FapilogProperties.CorrelationId, new ScalarValue(id)) }, hidesParent: false);
        return new CorrelationScope(id, scope);
    }

    /// <summary>
    /// Hides every value bound so far in the current flow until the returned scope is disposed (fapilog's
    /// <c>clear_context()</c>, made reversible). Values bound inside the returned scope show as usual.
    /// </summary>
    /// <returns>The scope; dispose it to bring the hidden values back.</returns>
    public static IDisposable Clear() => Push(Array.Empty<LogEventProperty>(), hidesParent: true);

    internal static void Unbind(ContextScope scope)
    {
        // Only the flow that holds the binding can change it; elsewhere the link is not found and nothing
        // changes (the owning flow keeps its binding until it disposes there or its async method returns).
        var rebuilt = ContextBinding.Remove(s_current.Value, scope, out bool found);
        if (found)
        {
            s_current.Value = rebuilt;
        }
    }

    private static ContextScope Push(LogEventProperty[] own, bool hidesParent)
    {
        var scope = new ContextScope();
        s_current.Value = ContextBinding.Push(s_current.Value, own, hidesParent, scope);
        return scope;
    }

    private static LogEventProperty[] IdentityOnly(string? requestId, string? userId, string? tenantId, string? correlationId)
    {
        int count = (requestId is null ? 0 : 1) + (userId is null ? 0 : 1) + (tenantId is null ? 0 : 1) + (correlationId is null ? 0 : 1);
        if (count == 0)
        {
            return Array.Empty<LogEventProperty>();
        }

        var own = new LogEventProperty[count];
        int at = 0;
        AddIdentity(own, ref at, FapilogProperties.RequestId, requestId);
        AddIdentity(own, ref at, FapilogProperties.UserId, userId);
        AddIdentity(own, ref at, FapilogProperties.TenantId, tenantId);
        AddIdentity(own, ref at, FapilogProperties.CorrelationId, correlationId);
        return own;
    }

    private static void AddIdentity(LogEventProperty[] own, ref int at, string name, string? value)
    {
        if (value is not null)
        {
            own[at++] = new LogEventProperty(name, new ScalarValue(value));
        }
    }
}
