using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;

namespace Fapilog.Serilog.Tests.Outputs.Remote;

/// <summary>HttpPoster's failure reader: asked only for answers that are not 2xx, and unable to turn one into a delivery by throwing.</summary>
public sealed class HttpPosterTests
{
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");

    private static DeliveryOutcome Post(HttpStatusCode status, Func<HttpResponseMessage, DeliveryOutcome, CancellationToken, DeliveryOutcome> readFailure)
    {
        using var handler = new Answering(status);
        var options = new FapilogHttpOptions { Url = "http://127.0.0.1:9/logs", Handler = handler };
        using var poster = new HttpPoster(options, readFailure: readFailure);
        using var body = new RequestBody(gzip: false);
        body.Start();
        body.Append("{}\n"u8);
        return poster.Post(body, Ndjson, CancellationToken.None);
    }

    [Fact]
    public void ReadFailure_RefinesTheOutcomeOfAFailure_GivenAsClassified()
    {
        DeliveryOutcome? given = null;
        var outcome = Post(HttpStatusCode.BadRequest, (_, classified, _) => { given = classified; return DeliveryOutcome.Permanent("refined"); });

        Assert.Equal(DeliveryOutcome.Permanent("HTTP 400 Bad Request"), given);
        Assert.Equal(DeliveryOutcome.Permanent("refined"), outcome);
    }

    [Fact]
    public void ReadFailure_IsNotAskedAbout2xx()
        => Assert.Equal(DeliveryOutcomeKind.Delivered, Post(HttpStatusCode.Created, (_, _, _) => throw new InvalidOperationException("not for 2xx")).Kind);

    [Fact]
    public void ReadFailure_ThatThrows_LeavesTheClassifiedOutcome()
    {
        var outcome = Post(HttpStatusCode.Unauthorized, (_, _, _) => throw new InvalidOperationException("broken reader"));

        Assert.Equal(DeliveryOutcome.Permanent("HTTP 401 Unauthorized"), outcome);
    }

    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => new(status);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(Send(request, cancellationToken));
    }
}
