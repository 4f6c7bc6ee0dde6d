using System;
using System.Linq;
using System.Net.Http;
using System.Security.Claims;
using System.Threading.Tasks;
using Fapilog.Serilog.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Fapilog.Serilog.AspNetCore.Tests;

/// <summary>The request context on real Kestrel: bound for the whole request, on every thread of it.</summary>
public sealed class RequestContextTests
{
    private static Task<WebApp> Start(Action<FapilogAspNetCoreOptions>? configure = null) =>
        WebApp.StartAsync(configure, app =>
        {
            app.MapGet("/work", async (global::Serilog.ILogger log) =>
            {
                log.Information("marker start");
                await Task.Yield();
                log.Information("marker after await");
                await Task.Run(() => log.Information("marker in Task.Run"));
                await Task.Run(async () =>
                {
                    await Task.Delay(1);
                    log.Information("marker after await in Task.Run");
                });
                return "done";
            });
            app.MapGet("/fail", string (global::Serilog.ILogger log) =>
            {
                log.Information("failing line");
                throw new InvalidOperationException("handler failed");
            });
        },
        // A stand-in for authentication: the principal comes from test headers, before UseFapilog as the real one would.
        beforeFapilog: app => app.Use((context, next) =>
        {
            string? user = context.Request.Headers["X-Test-User"];
            if (user is not null)
            {
                var claims = new[] { new Claim(context.Request.Headers["X-Test-Claim"].FirstOrDefault() ?? ClaimTypes.NameIdentifier, user) }
                    .Concat(context.Request.Headers["X-Test-Tenant-Claim"].Select(t => new Claim("tenant_id", t!)));
                context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
            }

            return next(context);
        }));

    [Fact]
    public async Task Every_line_of_the_request_carries_request_user_and_tenant_across_await_and_Task_Run()
    {
        await using var web = await Start();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        request.Headers.Add("X-Request-ID", "req-42.a:b");
        request.Headers.Add("X-Test-User", "alice");
        request.Headers.Add("X-Tenant-ID", "acme");
        using var response = await web.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("req-42.a:b", response.Headers.GetValues("X-Request-ID").Single());
        web.Flush();

        var lines = web.Sink.WithMessage("marker").Concat(web.Sink.Completions).ToList();
        Assert.Equal(5, lines.Count);
        Assert.All(lines, e =>
        {
            Assert.Equal("req-42.a:b", e.Text(FapilogProperties.RequestId));
            Assert.Equal("alice", e.Text(FapilogProperties.UserId));
            Assert.Equal("acme", e.Text(FapilogProperties.TenantId));
        });

        // Framework lines inside the request carry it too, in place of ASP.NET Core's own scope RequestId.
        var framework = web.Sink.Events.Where(e => e.Text("SourceContext") == "Microsoft.AspNetCore.Routing.EndpointMiddleware").ToList();
        Assert.Equal(2, framework.Count); // executing, executed
        Assert.All(framework, e =>
        {
            Assert.Equal("req-42.a:b", e.Text(FapilogProperties.RequestId));
            Assert.Equal("alice", e.Text(FapilogProperties.UserId));
        });
    }

    [Fact]
    public async Task The_context_of_a_request_never_reaches_the_next_one_on_the_same_connection_even_after_an_exception()
    {
        await using var web = await Start();
        for (int round = 0; round < 3; round++)
        {
            using var bound = new HttpRequestMessage(HttpMethod.Get, round == 1 ? "/fail" : "/work");
            bound.Headers.Add("X-Request-ID", "bound-" + round);
            bound.Headers.Add("X-Test-User", "alice");
            bound.Headers.Add("X-Tenant-ID", "acme");
            using var first = await web.Client.SendAsync(bound); // keep-alive: the next request reuses the connection
            using var plain = await web.Client.GetAsync("/work");
            Assert.True(plain.IsSuccessStatusCode);
        }

        web.Flush();
        var failed = Assert.Single(web.Sink.Completions, e => e.Exception is not null);
        Assert.Equal("bound-1", failed.Text(FapilogProperties.RequestId));
        Assert.Equal("alice", failed.Text(FapilogProperties.UserId));
        Assert.Equal("bound-1", Assert.Single(web.Sink.WithMessage("failing line")).Text(FapilogProperties.RequestId));

        var unbound = web.Sink.Events.Where(e => e.Text(FapilogProperties.RequestId) is { } id && !id.StartsWith("bound-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3 * 5, unbound.Count(e => e.MessageTemplate.Text.StartsWith("marker", StringComparison.Ordinal)
            || e.MessageTemplate.Text.Contains("responded", StringComparison.Ordinal)));
        Assert.All(unbound, e =>
        {
            Assert.Null(e.Text(FapilogProperties.UserId));
            Assert.Null(e.Text(FapilogProperties.TenantId));
        });
    }

    [Fact]
    public async Task A_missing_request_id_is_generated_and_echoed_and_a_bad_one_is_replaced()
    {
        await using var web = await Start();
        using var first = await web.Client.GetAsync("/work");
        string generated = first.Headers.GetValues("X-Request-ID").Single();
        Assert.Matches("^[0-9a-f]{32}$", generated);

        foreach (var bad in new[] { "has space", "quote\"d", "{\"level\":\"FATAL\"}", new string('a', 129), "tab\tin" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
            Assert.True(request.Headers.TryAddWithoutValidation("X-Request-ID", bad));
            using var response = await web.Client.SendAsync(request);
            string echoed = response.Headers.GetValues("X-Request-ID").Single();
            Assert.NotEqual(bad, echoed);
            Assert.Matches("^[0-9a-f]{32}$", echoed);
        }

        web.Flush();
        var ids = web.Sink.Completions.Select(e => e.Text(FapilogProperties.RequestId)).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Contains(generated, ids);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id!));
    }

    [Fact]
    public async Task With_AcceptIncomingRequestId_off_as_in_hardened_the_incoming_id_is_never_taken()
    {
        await using var web = await Start(o => o.RequestContext.AcceptIncomingRequestId = false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        request.Headers.Add("X-Request-ID", "client-chosen");
        using var response = await web.Client.SendAsync(request);
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task The_W3C_traceparent_trace_id_is_on_every_line_of_the_request()
    {
        await using var web = await Start();
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var response = await web.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        web.Flush();

        var lines = web.Sink.WithMessage("marker").Concat(web.Sink.Completions).ToList();
        Assert.Equal(5, lines.Count);
        Assert.All(lines, e =>
        {
            Assert.Equal(traceId, e.TraceId?.ToHexString());
            Assert.NotNull(e.SpanId);
        });
    }

    [Fact]
    public async Task The_user_claim_is_configurable_and_a_tenant_claim_wins_over_the_header()
    {
        await using var web = await Start(o => o.RequestContext.UserIdClaim = "oid");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        request.Headers.Add("X-Test-User", "u-123");
        request.Headers.Add("X-Test-Claim", "oid");
        request.Headers.Add("X-Test-Tenant-Claim", "from-claim");
        request.Headers.Add("X-Tenant-ID", "from-header");
        using var response = await web.Client.SendAsync(request);
        using var anonymous = await web.Client.GetAsync("/work");
        web.Flush();

        var completions = web.Sink.Completions;
        Assert.Equal(2, completions.Count);
        var signedIn = completions.Single(e => e.Text(FapilogProperties.UserId) is not null);
        Assert.Equal("u-123", signedIn.Text(FapilogProperties.UserId));
        Assert.Equal("from-claim", signedIn.Text(FapilogProperties.TenantId));
        var other = completions.Single(e => e.Text(FapilogProperties.UserId) is null);
        Assert.Null(other.Text(FapilogProperties.TenantId));
    }
}
