using System;
using Fapilog.Serilog.Enrichers.Tests.Support;

namespace Fapilog.Serilog.Enrichers.Tests.Configuration;

public class JsonConfigurationTests
{
    [Fact]
    public void WithFapilog_ByName_TurnsOnContextAndRuntime()
    {
        using var log = JsonConfiguredLogger.FromJson("""
            { "Serilog": { "Enrich": [ "WithFapilog" ] } }
            """);

        using (FapilogContext.BindIdentity(requestId: "r-json"))
        {
            log.Logger.Information("x");
        }

        var e = log.Sink.Single;
        Assert.Equal("r-json", Some.Scalar(e, FapilogProperties.RequestId));
        Assert.Equal(Environment.ProcessId, Some.Scalar(e, FapilogProperties.ProcessId));
        Assert.False(e.Properties.ContainsKey(FapilogProperties.ThreadId));
    }

    [Fact]
    public void WithFapilog_BindsItsArgumentsByName()
    {
        using var log = JsonConfiguredLogger.FromJson("""
            { "Serilog": { "Enrich": [
              { "Name": "WithFapilog", "Args": { "service": "shop", "environment": "qa", "version": "3.1.0", "includeThread": true } }
            ] } }
            """);

        log.Logger.Information("x");

        var e = log.Sink.Single;
        Assert.Equal("shop", Some.Scalar(e, FapilogProperties.ServiceName));
        Assert.Equal("qa", Some.Scalar(e, FapilogProperties.EnvironmentName));
        Assert.Equal("3.1.0", Some.Scalar(e, FapilogProperties.ServiceVersion));
        Assert.Equal(Environment.CurrentManagedThreadId, Some.Scalar(e, FapilogProperties.ThreadId));
    }

    [Fact]
    public void EachEnricher_CanBeNamedOnItsOwn()
    {
        string pod = "FAPILOG_TEST_POD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(pod, "db-0");
        try
        {
            using var log = JsonConfiguredLogger.FromJson($$"""
                { "Serilog": { "Enrich": [
                  "WithFapilogContext",
                  { "Name": "WithFapilogRuntime", "Args": { "service": "billing" } },
                  { "Name": "WithKubernetes", "Args": { "podNameVariable": "{{pod}}" } },
                  "WithFapilogThread",
                  { "Name": "WithFapilogActivity", "Args": { "includeBaggage": false } }
                ] } }
                """);

            using (FapilogContext.Bind("Job", "nightly"))
            {
                log.Logger.Information("x");
            }

            var e = log.Sink.Single;
            Assert.Equal("nightly", Some.Scalar(e, "Job"));
            Assert.Equal("billing", Some.Scalar(e, FapilogProperties.ServiceName));
            Assert.Equal("db-0", Some.Scalar(e, FapilogProperties.KubernetesPod));
            Assert.Equal("db", Some.Scalar(e, FapilogProperties.KubernetesDeployment));
            Assert.True(e.Properties.ContainsKey(FapilogProperties.ThreadId));
        }
        finally
        {
            Environment.SetEnvironmentVariable(pod, null);
        }
    }

    [Fact]
    public void WithKubernetes_OutsideAPod_AddsNothing()
    {
        string pod = "FAPILOG_TEST_POD_" + Guid.NewGuid().ToString("N");
        using var log = JsonConfiguredLogger.FromJson($$"""
            { "Serilog": { "Enrich": [ { "Name": "WithKubernetes", "Args": { "podNameVariable": "{{pod}}" } } ] } }
            """);

        log.Logger.Information("x");

        Assert.Empty(log.Sink.Single.Properties);
    }
}
