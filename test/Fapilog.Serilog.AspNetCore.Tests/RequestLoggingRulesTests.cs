using System;
using System.Threading;
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
