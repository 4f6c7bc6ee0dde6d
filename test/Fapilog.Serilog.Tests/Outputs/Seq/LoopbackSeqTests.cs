using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Seq;

/// <summary>The loopback Seq answers as Seq's ingestion API does, so that the output's tests test against the real contract.</summary>
public sealed class LoopbackSeqTests : IAsyncLifetime
{
    private const string Good = "{\"@t\":\"2026-01-15T10:30:00.1230000Z\",\"@mt\":\"Hello {N}\",\"N\":1}";
    private LoopbackSeq _seq = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _seq = await LoopbackSeq.StartAsync();
        _client = new HttpClient { BaseAddress = _seq.Url };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _seq.DisposeAsync();
    }

    private async Task<(int Status, JsonElement Body)> PostAsync(string body, string contentType = "application/vnd.serilog.clef", string path = "ingest/clef", string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (key is not null)
        {
            request.Headers.Add("X-Seq-ApiKey", key);
        }

        using var response = await _client.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    [Fact]
    public async Task APayloadOfGoodLines_Is201_WithMinimumLevelAccepted_AndStored()
    {
        var (status, body) = await PostAsync(Good + "\n" + Good.Replace("\"N\":1", "\"N\":2", StringComparison.Ordinal) + "\n");

        Assert.Equal(201, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("MinimumLevelAccepted").ValueKind);
        Assert.Equal(new[] { 1, 2 }, _seq.Numbers);
    }

    [Theory]
    [InlineData("{\"@t\":\"2026-01-15T10:30:00Z\",\"@mt\":\"x\"", "not JSON")]
    [InlineData("[1,2]", "an event is a JSON object")]
    [InlineData("{\"@mt\":\"no timestamp\"}", "the @t timestamp is missing")]
    [InlineData("{\"@t\":\"yesterday\",\"@mt\":\"x\"}", "not an ISO 8601 date")]
    [InlineData("{\"@t\":\"2026-01-15T10:30:00Z\",\"@mt\":\"x\",\"@l\":3}", "@l must be a string")]
    [InlineData("{\"@t\":\"2026-01-15T10:30:00Z\",\"@mt\":\"x\",\"@x\":{\"type\":\"E\"}}", "@x must be a string")]
    public async Task ALineSeqCannotRead_Is400_WithSeqsErrorBody_AndNothingOfThePayloadIsStored(string bad, string problem)
    {
        var (status, body) = await PostAsync(Good + "\n" + bad + "\n");

        Assert.Equal(400, status);
        Assert.StartsWith("Invalid data on line 2: ", body.GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.Contains(problem, body.GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_seq.Payloads);
    }

    [Fact]
    public async Task ASingleEvent_MayBeSentAsApplicationJson_ButNotSeveral()
    {
        Assert.Equal(201, (await PostAsync(Good, "application/json")).Status);
        Assert.Equal(400, (await PostAsync(Good + "\n" + Good, "application/json")).Status);
        Assert.Equal(400, (await PostAsync(Good, "text/plain")).Status);
    }

    [Fact]
    public async Task ARequiredKey_Is401WhenMissingOrWrong_AndTheQueryStringCarriesItToo()
    {
        _seq.RequiredApiKey = "right";

        Assert.Equal(401, (await PostAsync(Good)).Status);
        Assert.Equal(401, (await PostAsync(Good, key: "wrong")).Status);
        Assert.Equal(201, (await PostAsync(Good, key: "right")).Status);
        Assert.Equal(201, (await PostAsync(Good, path: "ingest/clef?apiKey=right")).Status);
    }

    [Fact]
    public async Task WithoutARequiredKey_AnyKeyIsTaken_AsSeqTreatsAnUnknownKeyAsNone()
        => Assert.Equal(201, (await PostAsync(Good, key: "anything")).Status);

    [Fact]
    public async Task OverThePayloadLimit_Is413_AndAnEventOverTheEventLimit_Is400()
    {
        _seq.PayloadLimitBytes = 100;
        Assert.Equal(413, (await PostAsync(Good + "\n" + Good + "\n")).Status);

        _seq.PayloadLimitBytes = 10_000;
        _seq.EventBodyLimitBytes = 60;
        var (status, body) = await PostAsync(Good + "\n");
        Assert.Equal(400, status);
        Assert.Contains("over the event body limit of 60 bytes", body.GetProperty("Error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherPath_Is404() => Assert.Equal(404, (await PostAsync(Good, path: "api/events/nowhere")).Status);
}
