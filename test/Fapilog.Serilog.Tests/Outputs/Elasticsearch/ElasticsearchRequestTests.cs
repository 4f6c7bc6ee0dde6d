using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using static Fapilog.Serilog.Tests.Outputs.Elasticsearch.ElasticsearchOutputTests;

namespace Fapilog.Serilog.Tests.Outputs.Elasticsearch;

/// <summary>
/// What the output's requests carry (authentication, compression, the ingest pipeline), whole requests the cluster refuses,
/// the close, and the loopback cluster's own rules.
/// </summary>
public sealed class ElasticsearchRequestTests : IAsyncLifetime
{
    private LoopbackElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await LoopbackElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    [Fact]
    public void AnApiKey_IsSentAsTheAuthorizationHeader_AndAWrongOneIsRefusedWithTheClustersReason()
    {
        _es.RequiredAuthorization = "ApiKey a2V5LWlkOnNlY3JldA==";
        var right = FastOptions(_es.Url.ToString());
        right.ApiKey = "a2V5LWlkOnNlY3JldA==";
        var wrong = FastOptions(_es.Url.ToString());
        wrong.ApiKey = "bm90LXRoZS1rZXk=";

        var accepted = Create(right);
        EmitNumbered(accepted, 10);
        accepted.Dispose();
        var refused = Create(wrong);
        EmitNumbered(refused, 10, from: 11);
        refused.Dispose();

        Assert.Equal(Enumerable.Range(1, 10), _es.Numbers);
        Assert.Equal("ApiKey a2V5LWlkOnNlY3JldA==", Assert.Single(_es.Bulks).Headers["Authorization"]);
        AssertExact(accepted.Snapshot(), 10, 10);
        var stats = refused.Snapshot();
        AssertExact(stats, 10, 0, rejected: 10);
        Assert.StartsWith("HTTP 401", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("security_exception: missing authentication credentials", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void CompressRequests_GzipsTheBody_AndAPipelineIsNamedInTheQuery()
    {
        _es.Pipelines.Add("add-geo");
        var options = FastOptions(_es.Url + "cluster-a/"); // a base address with a path, as behind a proxy
        options.CompressRequests = true;
        options.Pipeline = "add-geo";
        var output = Create(options);

        EmitNumbered(output, 10);
        output.Dispose();

        var bulk = Assert.Single(_es.Bulks);
        Assert.Equal("gzip", bulk.Headers["Content-Encoding"]);
        Assert.Equal("?pipeline=add-geo", bulk.Query);
        Assert.Equal("/cluster-a/_bulk", bulk.Path);
        Assert.All(_es.Documents, d => Assert.Equal("add-geo", d.Pipeline));
        Assert.Equal(Enumerable.Range(1, 10), _es.Numbers);
        AssertExact(output.Snapshot(), 10, 10);
    }

    [Fact]
    public void A413_FailsThatBatchAsRejected_SayingToLowerBatchBytesLimit_AndTheNextOneGoes()
    {
        _es.MaxContentLength = 4000;
        var output = Create(FastOptions(_es.Url.ToString()));

        EmitNumbered(output, 10);
        Assert.True(System.Threading.SpinWait.SpinUntil(() => _es.Requests == 1, TimeSpan.FromSeconds(30)));
        _es.MaxContentLength = int.MaxValue;
        EmitNumbered(output, 10, from: 11);
        output.Dispose();

        Assert.Equal(Enumerable.Range(11, 10), _es.Numbers);
        var stats = output.Snapshot();
        AssertExact(stats, 20, 10, rejected: 10);
        Assert.StartsWith("HTTP 413", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("lower Delivery.BatchBytesLimit", stats.LastError, StringComparison.Ordinal);
        Assert.Equal(0, stats.Retried);
    }

    [Theory]
    [InlineData(400, "illegal_argument_exception: request [/_bulk] contains unrecognized parameter: [fault]")]
    [InlineData(403, "security_exception: action [indices:data/write/bulk] is unauthorized")]
    public void APermanentRefusal_FailsThatBatch_NamingTheClustersReason(int status, string reason)
    {
        _es.Faults.Enqueue(new ReceiverFault.Status(status));
        var output = Create(FastOptions(_es.Url.ToString()));

        EmitNumbered(output, 10);
        Assert.True(System.Threading.SpinWait.SpinUntil(() => _es.Requests == 1, TimeSpan.FromSeconds(30)));
        EmitNumbered(output, 10, from: 11);
        output.Dispose();

        Assert.Equal(Enumerable.Range(11, 10), _es.Numbers);
        var stats = output.Snapshot();
        AssertExact(stats, 20, 10, rejected: 10);
        Assert.Contains(reason, stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void InsideAPipeline_EveryEventArrives_AtTheClose()
    {
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogElasticsearch(FastOptions(_es.Url.ToString())), new FapilogPipelineOptions { Name = "es-pipeline" })
            .CreateLogger())
        {
            for (int n = 1; n <= 25; n++)
            {
                logger.Information("Event {N}", n);
            }
        }

        Assert.Equal(Enumerable.Range(1, 25), _es.Numbers);
        Assert.All(_es.Documents, d => Assert.Equal("logs-generic-default", d.Target));
    }



    [Fact]
    public async Task TheLoopbackCluster_RefusesABodyWithoutItsFinalNewline_AsElasticsearchDoes()
    {
        using var client = new HttpClient();
        string body = "{\"create\":{\"_index\":\"logs-a-b\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}";

        using var response = await client.PostAsync(new Uri(_es.Url, "/_bulk"), new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(400, (int)response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, error.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("The bulk request must be terminated by a newline [\\n]", error.RootElement.GetProperty("error").GetProperty("reason").GetString());
        Assert.Empty(_es.Documents);
    }

    [Fact]
    public async Task TheLoopbackCluster_AppliesTheDataStreamRules_ItemByItem()
    {
        using var client = new HttpClient();
        string body = string.Concat(
            "{\"index\":{\"_index\":\"logs-a-b\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n",
            "{\"create\":{}}\n{\"message\":\"no time\"}\n",
            "{\"create\":{\"_id\":\"x1\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n",
            "{\"create\":{\"_id\":\"x1\"}}\n{\"@timestamp\":\"2026-01-01T00:00:01Z\"}\n");

        using var response = await client.PostAsync(new Uri(_es.Url, "/logs-a-b/_bulk"), new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(200, (int)response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(result.RootElement.GetProperty("errors").GetBoolean());
        var items = result.RootElement.GetProperty("items").EnumerateArray().Select(i => i.EnumerateObject().Single()).ToArray();
        Assert.Equal(new[] { "index", "create", "create", "create" }, items.Select(i => i.Name));
        Assert.Equal(new[] { 400, 400, 201, 409 }, items.Select(i => i.Value.GetProperty("status").GetInt32()));
        Assert.Equal("only write ops with an op_type of create are allowed in data streams", items[0].Value.GetProperty("error").GetProperty("reason").GetString());
        Assert.Contains("data stream timestamp field [@timestamp] is missing", items[1].Value.GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("version_conflict_engine_exception", items[3].Value.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("x1", Assert.Single(_es.Documents).Id);
    }
}
