using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;
using Fapilog.Serilog.Outputs.Seq;

namespace Fapilog.Serilog.Tests.Outputs.Seq;

/// <summary>How Seq's answers are read: which are delivered, retried or refused for good, and what the error says.</summary>
public sealed class SeqResponsesTests
{
    private static readonly SeqResponses Responses = new(apiKey: "k-777", batchBytesLimit: 1_048_576);

    private static DeliveryOutcome Explain(int status, string? body = null, string? retryAfter = null)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (body is not null)
        {
            response.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return Responses.Explain(response, HttpPoster.Classify(response), CancellationToken.None);
    }

    [Fact]
    public void A400_IsPermanent_AndCarriesSeqsErrorText()
    {
        var outcome = Explain(400, """{"Error":"Invalid data on line 3: the @t timestamp is missing."}""");

        Assert.Equal(DeliveryOutcomeKind.Permanent, outcome.Kind);
        Assert.Equal("HTTP 400 Bad Request: Seq refused the payload: Seq says \"Invalid data on line 3: the @t timestamp is missing.\"", outcome.Error);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void A401Or403_IsPermanent_AndSaysTheApiKeyWasRefused(int status)
    {
        var outcome = Explain(status, """{"Error":"The key k-777 is not valid."}""");

        Assert.Equal(DeliveryOutcomeKind.Permanent, outcome.Kind);
        Assert.Contains("Seq refused the API key (missing, unknown, or without permission to ingest); check ApiKey", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("The key *** is not valid.", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("k-777", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A413_IsPermanent_AndSaysToLowerBatchBytesLimit()
    {
        var outcome = Explain(413);

        Assert.Equal(DeliveryOutcomeKind.Permanent, outcome.Kind);
        Assert.Equal("HTTP 413 Request Entity Too Large: the request was over Seq's raw payload limit; set Delivery.BatchBytesLimit (now 1048576) below the server's limit", outcome.Error);
    }

    [Fact]
    public void A404_IsPermanent_AndPointsAtTheBaseAddress()
        => Assert.Contains("set Url to the Seq server's base address", Explain(404, """{"Error":"Not found."}""").Error, StringComparison.Ordinal);

    [Theory]
    [InlineData(429, "5")]
    [InlineData(503, "Wed, 21 Oct 2026 07:28:00 GMT")]
    public void A429Or503_IsTransient_WithItsRetryAfter_AndSeqsText(int status, string retryAfter)
    {
        var outcome = Explain(status, """{"Error":"Ingestion is paused."}""", retryAfter);

        Assert.Equal(DeliveryOutcomeKind.Transient, outcome.Kind);
        Assert.Equal(retryAfter, outcome.RetryAfter);
        Assert.EndsWith(": Seq says \"Ingestion is paused.\"", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public void A5xx_IsTransient(int status) => Assert.Equal(DeliveryOutcomeKind.Transient, Explain(status, "<html>Bad gateway</html>").Kind);

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("""{"Message":"not Seq's shape"}""")]
    [InlineData("""{"Error":42}""")]
    [InlineData("""["Error"]""")]
    [InlineData("""{"Error":"cut off""")]
    [InlineData("   ")]
    public void ABodyThatIsNotSeqsErrorShape_AddsNothing(string body) => Assert.Null(Responses.ErrorText(body));

    [Fact]
    public void ALongErrorText_IsCut()
    {
        string text = Responses.ErrorText("{\"Error\":\"" + new string('e', 2000) + "\"}")!;

        Assert.Equal(501, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }
}
