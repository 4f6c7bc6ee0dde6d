using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore.Tests;

/// <summary>The request-logging rules on their own, on a plain <see cref="DefaultHttpContext"/>.</summary>
public sealed class RequestLoggingRulesTests
{
    [Theory]
    [InlineData("/health", "/health/")]
    [InlineData("/health/", "/health")]
    [InlineData("/health", "/HEALTH/")]
    public void An_exact_skip_path_ignores_one_trailing_slash_on_either_side(string configured, string requested)
    {
        var options = new FapilogRequestLoggingOptions();
        options.SkipPaths.Add(configured);
        Assert.True(RequestLogging.IsSkipped(options, new PathString(requested)));
        Assert.False(RequestLogging.IsSkipped(options, new PathString("/healthz")));
        Assert.False(RequestLogging.IsSkipped(options, new PathString("/health/db")));
    }

    [Theory]
    [InlineData("a\r\nb")]
    [InlineData("ｒｅｑ１")] // full-width look-alikes
    [InlineData("id\u202Eevil")] // right-to-left override
    [InlineData("line\u2028sep")]
    [InlineData("caf\u00E9")]
    [InlineData("a%0d%0a")]
    [InlineData("")]
    public void Ids_with_anything_but_plain_ascii_letters_digits_and_a_few_marks_are_refused(string value)
    {
        Assert.False(RequestIds.IsValid(value, 128));
        Assert.True(RequestIds.IsValid("req-1_2.3:4/5@6+7", 128));
        Assert.False(RequestIds.IsValid(new string('a', 129), 128));
        Assert.Matches("^[0-9a-f]{32}$", RequestIds.New());
    }

    [Fact]
    public void Generated_ids_are_version_4_uuids_in_32_lower_case_hex_digits_unique_across_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 25_000; i++)
            {
                ids.Add(RequestIds.New());
            }
        });

        Assert.Equal(100_000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids.Take(1_000), id =>
        {
            Assert.Matches("^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$", id);
            Assert.Equal(4, Guid.ParseExact(id, "N").Version);
        });

        // The random positions take many values (no constant part, no refill handing out the same bytes twice).
        for (int position = 0; position < 32; position++)
        {
            int distinct = ids.Take(2_000).Select(id => id[position]).Distinct().Count();
            Assert.True(position switch { 12 => distinct == 1, 16 => distinct == 4, _ => distinct >= 12 }, $"position {position}: {distinct} values");
        }
    }

    [Fact]
    public void A_request_the_client_aborted_is_logged_at_the_client_error_level_not_as_a_server_error()
    {
        var options = new FapilogRequestLoggingOptions();
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        var exception = new OperationCanceledException(aborted.Token);

        Assert.Equal(LogEventLevel.Warning, RequestLogging.Level(options, context, 1, exception));
        // A cancellation the client did not cause (a timeout inside the app) stays a server error.
        Assert.Equal(LogEventLevel.Error, RequestLogging.Level(options, new DefaultHttpContext(), 1, exception));
    }

    [Fact]
    public async Task An_exception_handler_re_executing_the_request_leaves_one_completion_event_and_one_request_id()
    {
        await using var web = await WebApp.StartAsync(
            null,
            app =>
            {
                app.MapGet("/boom", string () => throw new InvalidOperationException("kaboom"));
                app.MapGet("/error", () => Results.Problem("sorry"));
            },
            testServer: true,
            beforeFapilog: app => app.UseExceptionHandler("/error"));
        using var response = await web.Client.GetAsync("/boom");
        Assert.Equal(500, (int)response.StatusCode);
        web.Flush();

        var completion = Assert.Single(web.Sink.Completions);
        Assert.IsType<InvalidOperationException>(completion.Exception);
        Assert.Equal("/boom", completion.Text("RequestPath"));
        string echoed = response.Headers.GetValues("X-Request-ID").Single();
        Assert.Equal(echoed, completion.Text(FapilogProperties.RequestId));
    }

    [Fact]
    public async Task The_request_id_is_echoed_also_when_an_exception_page_cleared_the_response()
    {
        await using var web = await WebApp.StartAsync(
            null,
            app => app.MapGet("/boom", string () => throw new InvalidOperationException("kaboom")),
            testServer: true,
            // What the developer exception page does: clear the response (headers included), then answer 500.
            beforeFapilog: app => app.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (InvalidOperationException)
                {
                    context.Response.Clear();
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync("error page");
                }
            }));
        using var response = await web.Client.GetAsync("/boom");
        Assert.Equal(500, (int)response.StatusCode);
        web.Flush();

        string echoed = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.Equal(Assert.Single(web.Sink.Completions).Text(FapilogProperties.RequestId), echoed);
    }

    [Fact]
    public void Redaction_ignores_the_case_of_the_name_and_covers_every_value_of_a_repeated_header()
    {
        var options = new FapilogRequestLoggingOptions { IncludeHeaders = true };
        var headers = new HeaderDictionary
        {
            ["authorization"] = new StringValues(new[] { "Bearer a", "Bearer b" }),
            ["x-api-KEY"] = "k",
            ["Accept"] = new StringValues(new[] { "text/plain", "application/json" }),
        };

        var logged = RequestLogging.Headers(options, headers);
        Assert.Equal("***", logged["Authorization"]);
        Assert.Equal("***", logged["X-Api-Key"]);
        Assert.Equal("text/plain,application/json", logged["Accept"]);
    }
}
