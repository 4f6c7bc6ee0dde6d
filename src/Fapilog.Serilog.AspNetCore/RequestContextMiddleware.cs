using System;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// Binds the request's identity (<see cref="FapilogProperties.RequestId"/>, <see cref="FapilogProperties.UserId"/>,
/// <see cref="FapilogProperties.TenantId"/>) with <see cref="FapilogContext"/> for the rest of the request: the
/// binding flows into every <c>await</c> continuation and every <c>Task.Run</c> of the request, and the caller-thread
/// enricher adds it to each event there, the request's completion event included.
/// </summary>
internal sealed class RequestContextMiddleware
{
    /// <summary>Where the request id is kept on <see cref="HttpContext.Items"/>.</summary>
    public const string ItemKey = "Fapilog.RequestId";

    private readonly RequestDelegate _next;
    private readonly FapilogHostedPipeline _hosted;
    private readonly FapilogRequestContextOptions _options;
    private readonly Func<object, Task> _echoAgain;

    public RequestContextMiddleware(RequestDelegate next, FapilogHostedPipeline hosted)
    {
        _next = next;
        _hosted = hosted;
        _options = hosted.Options.RequestContext;
        _echoAgain = EchoAgain; // one delegate for every request; the request is its state
    }

    public async Task InvokeAsync(HttpContext context)
    {
        string requestId = RequestId(context);
        context.Items[ItemKey] = requestId;
        RequestIdentity.Set(context.TraceIdentifier, requestId);
        context.TraceIdentifier = requestId; // what the framework reads from here on (problem details, ...)
        if (_options.EchoRequestId)
        {
            context.Response.Headers[_options.RequestIdHeader] = requestId;
            // An exception page clears the response's headers before it answers: set again as the response starts.
            context.Response.OnStarting(_echoAgain, context);
        }

        // ASP.NET Core's hosting layer starts the request's Activity from an incoming W3C traceparent; Serilog
        // records Activity.Current's trace and span ids on every event, on the logging thread, so they need no binding.
        using (FapilogContext.BindIdentity(
            requestId: requestId,
            userId: UserId(context.User),
            tenantId: TenantId(context)))
        {
            try
            {
                await _next(context).ConfigureAwait(false);
            }
            finally
            {
                RequestIdentity.Clear();
                if (_hosted.Options.FlushAtEndOfRequest && _hosted.Pipeline is { } pipeline)
                {
                    await pipeline.FlushAsync(_hosted.Options.RequestFlushTimeout).ConfigureAwait(false);
                }
            }
        }
    }

    private Task EchoAgain(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        if (!headers.ContainsKey(_options.RequestIdHeader))
        {
            // The request's id, as set when it began (Items), or as the framework keeps it (TraceIdentifier).
            headers[_options.RequestIdHeader] = context.Items[ItemKey] as string ?? context.TraceIdentifier;
        }

        return Task.CompletedTask;
    }

    private string RequestId(HttpContext context)
    {
        // The pipeline run again for the same request (UseExceptionHandler, UseStatusCodePagesWithReExecute): the
        // request keeps the id it was given.
        if (context.Items[ItemKey] is string current)
        {
            return current;
        }

        if (_options.AcceptIncomingRequestId)
        {
            string? incoming = context.Request.Headers[_options.RequestIdHeader];
            if (RequestIds.IsValid(incoming, _options.MaxIdLength))
            {
                return incoming!;
            }
        }

        return RequestIds.New();
    }

    private string? UserId(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        var value = user.FindFirst(_options.UserIdClaim)?.Value ?? user.FindFirst("sub")?.Value ?? identity.Name;
        return Clean(value);
    }

    private string? TenantId(HttpContext context)
    {
        if (_options.TenantClaim is { } claim && context.User?.Identity is { IsAuthenticated: true }
            && Clean(context.User.FindFirst(claim)?.Value) is { } fromClaim)
        {
            return fromClaim;
        }

        return _options.TenantHeader is { } header ? Clean(context.Request.Headers[header]) : null;
    }

    private string? Clean(string? value) => RequestIds.IsValid(value, _options.MaxIdLength) ? value : null;
}
