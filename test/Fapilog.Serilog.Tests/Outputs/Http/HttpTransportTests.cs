using System;
using System.Net;
using System.Net.Http;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Http;

namespace Fapilog.Serilog.Tests.Outputs.Http;

/// <summary>How a response is classified: delivered, worth retrying (with the backend's Retry-After), or refused for good.</summary>
public sealed class HttpTransportTests
{
    private static DeliveryOutcome Classify(int status, string? retryAfter = null, string? location = null)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        if (location is not null)
        {
            response.Headers.Location = new Uri(location);
        }

        return HttpTransport.Classify(response);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(204)]
    public void Classify_A2xx_IsDelivered(int status) => Assert.Equal(DeliveryOutcomeKind.Delivered, Classify(status).Kind);

    [Theory]
    [InlineData(429, "3")]
    [InlineData(503, "Wed, 21 Oct 2026 07:28:00 GMT")]
    public void Classify_A429Or503_IsTransient_AndCarriesTheRetryAfter(int status, string retryAfter)
    {
        var outcome = Classify(status, retryAfter);

        Assert.Equal(DeliveryOutcomeKind.Transient, outcome.Kind);
        Assert.Equal(retryAfter, outcome.RetryAfter);
        Assert.StartsWith("HTTP " + status, outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public void Classify_A408OrA5xx_IsTransient_WithoutRetryAfter(int status)
    {
        var outcome = Classify(status, retryAfter: "7");

        Assert.Equal(DeliveryOutcomeKind.Transient, outcome.Kind);
        Assert.Null(outcome.RetryAfter);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    public void Classify_AnotherClientError_IsPermanent(int status) => Assert.Equal(DeliveryOutcomeKind.Permanent, Classify(status).Kind);

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public void Classify_ARedirect_IsPermanent_AndTheErrorSaysWhereItPointed(int status)
    {
        var outcome = Classify(status, location: "https://logs.example.test/v2/ingest");

        Assert.Equal(DeliveryOutcomeKind.Permanent, outcome.Kind);
        Assert.Contains("redirects are not followed", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("https://logs.example.test/v2/ingest", outcome.Error, StringComparison.Ordinal);
    }
}
