using System;
using Fapilog.Serilog.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>app.UseFapilog()</c>: request context, then request logging, for every request after it.</summary>
public static class FapilogApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the request context middleware (request id, user, tenant bound for the whole request) and, unless
    /// <see cref="FapilogRequestLoggingOptions.Enabled"/> is off, Serilog.AspNetCore's request logging configured with
    /// fapilog's rules. Place it after <c>UseAuthentication()</c> when the user id should be bound (the principal
    /// is known from there), and before anything that should be logged with the request's context.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application, for chaining.</returns>
    /// <exception cref="InvalidOperationException"><c>AddFapilog(...)</c> was not called.</exception>
    public static IApplicationBuilder UseFapilog(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var hosted = app.ApplicationServices.GetService<FapilogHostedPipeline>()
            ?? throw new InvalidOperationException("UseFapilog() needs builder.Services.AddFapilog(...) first.");
        app.UseMiddleware<RequestContextMiddleware>();
        var logging = hosted.Options.RequestLogging;
        if (logging.Enabled)
        {
            var logger = app.ApplicationServices.GetRequiredService<ILogger>();
            app.UseSerilogRequestLogging(target => RequestLogging.Configure(target, logging, logger));
        }

        return app;
    }
}
