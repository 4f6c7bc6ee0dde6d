using System;
using System.Reflection;
using Fapilog.Serilog.Enrichers.Tests.Support;

namespace Fapilog.Serilog.Enrichers.Tests.Runtime;

public class RuntimeInfoTests
{
    private static readonly Assembly Entry = typeof(RuntimeInfoTests).Assembly;

    [Fact]
    public void Arguments_WinOverEveryVariable()
    {
        var env = FakeEnvironment.Of(
            ("FAPILOG_SERVICE", "env-service"), ("OTEL_SERVICE_NAME", "otel"),
            ("FAPILOG_ENV", "staging"), ("FAPILOG_VERSION", "9.9.9"));

        var info = RuntimeInfo.Resolve("shop", "dev", "1.2.3", env, Entry);

        Assert.Equal(("shop", "dev", "1.2.3"), (info.Service, info.Environment, info.Version));
    }

    [Fact]
    public void BlankArguments_CountAsNotGiven()
    {
        var env = FakeEnvironment.Of(("FAPILOG_SERVICE", "env-service"), ("FAPILOG_ENV", "staging"), ("FAPILOG_VERSION", "9.9.9"));

        var info = RuntimeInfo.Resolve(" ", "", null, env, Entry);

        Assert.Equal(("env-service", "staging", "9.9.9"), (info.Service, info.Environment, info.Version));
    }

    [Theory]
    [InlineData("fapilog", "otel", "fapilog")]
    [InlineData(null, "otel", "otel")]
    [InlineData("  ", "otel", "otel")]
    public void Service_PrefersFapilogServiceOverOtelServiceName(string? fapilog, string? otel, string expected)
    {
        var info = RuntimeInfo.Resolve(null, null, null, FakeEnvironment.Of(("FAPILOG_SERVICE", fapilog), ("OTEL_SERVICE_NAME", otel)), Entry);

        Assert.Equal(expected, info.Service);
    }

    [Fact]
    public void Service_FallsBackToTheEntryAssemblyName()
    {
        var info = RuntimeInfo.Resolve(null, null, null, FakeEnvironment.Empty, Entry);

        Assert.Equal("Fapilog.Serilog.Enrichers.Tests", info.Service);
    }

    [Theory]
    [InlineData("fap", "dotnet", "aspnet", "fap")]
    [InlineData(null, "dotnet", "aspnet", "dotnet")]
    [InlineData(null, null, "aspnet", "aspnet")]
    [InlineData(null, null, null, "production")]
    public void Environment_FollowsTheVariablePrecedence(string? fapilog, string? dotnet, string? aspnet, string expected)
    {
        var env = FakeEnvironment.Of(("FAPILOG_ENV", fapilog), ("DOTNET_ENVIRONMENT", dotnet), ("ASPNETCORE_ENVIRONMENT", aspnet));

        Assert.Equal(expected, RuntimeInfo.Resolve(null, null, null, env, Entry).Environment);
    }

    [Fact]
    public void Version_FallsBackToTheEntryAssemblysInformationalVersion()
    {
        string expected = Entry.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Assert.Equal(expected, RuntimeInfo.Resolve(null, null, null, FakeEnvironment.Empty, Entry).Version);
        Assert.Equal("2.0.0", RuntimeInfo.Resolve(null, null, null, FakeEnvironment.Of(("FAPILOG_VERSION", "2.0.0")), Entry).Version);
    }

    [Fact]
    public void WithoutAnEntryAssembly_ServiceAndVersionAreLeftOut()
    {
        var info = RuntimeInfo.Resolve(null, null, null, FakeEnvironment.Empty, entryAssembly: null);
        var enricher = new FixedPropertiesEnricher(info.ToProperties());

        var e = Some.EnrichedBy(enricher);

        Assert.False(e.Properties.ContainsKey(FapilogProperties.ServiceName));
        Assert.False(e.Properties.ContainsKey(FapilogProperties.ServiceVersion));
        Assert.Equal("production", Some.Scalar(e, FapilogProperties.EnvironmentName));
    }

    [Fact]
    public void Enricher_AddsTheWellKnownProperties_WithAnIntegerProcessId()
    {
        var info = RuntimeInfo.Resolve("shop", "dev", "1.0.0", FakeEnvironment.Empty, Entry);

        var e = Some.EnrichedBy(new FixedPropertiesEnricher(info.ToProperties()));

        Assert.Equal("shop", Some.Scalar(e, FapilogProperties.ServiceName));
        Assert.Equal("dev", Some.Scalar(e, FapilogProperties.EnvironmentName));
        Assert.Equal("1.0.0", Some.Scalar(e, FapilogProperties.ServiceVersion));
        Assert.Equal(Environment.MachineName, Some.Scalar(e, FapilogProperties.MachineName));
        Assert.Equal(Environment.ProcessId, Some.Scalar(e, FapilogProperties.ProcessId));
        Assert.Matches(@"^\.NET \d+\.\d+\.\d+", (string)Some.Scalar(e, FapilogProperties.Runtime)!);
    }

    [Fact]
    public void Enricher_LeavesAPropertyTheEventAlreadyHas()
    {
        var info = RuntimeInfo.Resolve("shop", null, null, FakeEnvironment.Empty, Entry);

        var e = Some.EnrichedBy(new FixedPropertiesEnricher(info.ToProperties()), (FapilogProperties.ServiceName, "mine"));

        Assert.Equal("mine", Some.Scalar(e, FapilogProperties.ServiceName));
    }
}
