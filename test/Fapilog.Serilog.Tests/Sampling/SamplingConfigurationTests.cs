using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Sampling;

/// <summary>Sampling from code and from appsettings.json; bad values fail naming the option and the valid values.</summary>
public class SamplingConfigurationTests
{
    [Fact]
    public void FromJson_EveryOptionIsRead_AndTheRulesApply()
    {
        using var folder = new TempFolder();
        string logPath = folder.File("sampled.log").Replace("\\", "/", StringComparison.Ordinal);
        string name = "sampling-json-" + Guid.NewGuid().ToString("N")[..8];
        var logger = AppSettings.Read($$"""
        {
          "Serilog": {
            "MinimumLevel": "Verbose",
            "WriteTo": [ { "Name": "Fapilog", "Args": {
              "configure": [ { "Name": "File", "Args": { "path": "{{logPath}}", "outputTemplate": "{Level:u3} {Message:lj}{NewLine}" } } ],
              "name": "{{name}}",
              "flushOnProcessExit": false,
              "sampling": {
                "levelRates": { "Debug": 0.25, "verbose": "0" },
                "exemptLevels": [ "Audit", "Security", "Fatal" ],
                "rateLimit": { "key": "TemplateAndProperty", "property": "UserId", "limit": 7, "period": "00:00:02", "maxKeys": 50, "maximumLevel": "Information" },
                "repeats": { "key": "property", "property": "Host", "window": "00:00:30", "keepEvery": 3, "maxKeys": 60, "maximumLevel": "Warning" },
                "duplicateErrors": { "window": "00:05:00", "maxKeys": 70, "minimumLevel": "Warning" }
              } } } ]
          }
        }
        """).CreateLogger();
        var pipeline = FapilogPipelines.Get(name);
        var sampling = pipeline.Options.Sampling!;
        for (int i = 0; i < 8; i++)
        {
            logger.Debug("Debug {N}", i);
            logger.Verbose("Verbose {N}", i);
            logger.Error("Same error {N}", i);
        }

        logger.Dispose();

        Assert.Equal(new Dictionary<FapilogLevel, double> { [FapilogLevel.Debug] = 0.25, [FapilogLevel.Verbose] = 0 }, sampling.LevelRates);
        Assert.Equal(new[] { FapilogLevel.Audit, FapilogLevel.Security, FapilogLevel.Fatal }, sampling.ExemptLevels);
        var r = sampling.RateLimit!;
        Assert.Equal((FapilogSamplingKey.TemplateAndProperty, "UserId", 7, TimeSpan.FromSeconds(2), 50, FapilogLevel.Information), (r.Key, r.Property, r.Limit, r.Period, r.MaxKeys, r.MaximumLevel));
        var p = sampling.Repeats!;
        Assert.Equal((FapilogSamplingKey.Property, "Host", TimeSpan.FromSeconds(30), 3, 60, FapilogLevel.Warning), (p.Key, p.Property, p.Window, p.KeepEvery, p.MaxKeys, p.MaximumLevel));
        var d = sampling.DuplicateErrors!;
        Assert.Equal((TimeSpan.FromMinutes(5), 70, FapilogLevel.Warning), (d.Window, d.MaxKeys, d.MinimumLevel));
        var lines = File.ReadAllLines(logPath);
        Assert.Equal(new[] { "DBG Debug 0", "ERR Same error 0", "DBG Debug 4" }, lines[..3]);
        Assert.StartsWith("ERR 7 repeats of Same error {N} (no exception) suppressed in the last \"00:00:0", lines[3], StringComparison.Ordinal); // the system clock; :lj quotes a TimeSpan
        Assert.Equal(4, lines.Length);
        var stats = pipeline.GetStats();
        Assert.Equal(6 + 8, stats.FilteredFor(FilterReason.Sampled));
        Assert.Equal(7, stats.FilteredFor(FilterReason.DuplicateError));
        SampledPipeline.AssertCounts(stats);
    }

    [Fact]
    public void FromJson_AnEmptyRuleObject_TurnsTheRuleOnWithItsDefaults()
    {
        string name = "sampling-empty-" + Guid.NewGuid().ToString("N")[..8];
        using var logger = AppSettings.Read(AppSettings.WriteTo($$"""
            { "Name": "Fapilog", "Args": { "configure": [ { "Name": "FapilogConsole" } ], "name": "{{name}}", "flushOnProcessExit": false,
              "sampling": { "duplicateErrors": {}, "repeats": {} } } }
            """)).CreateLogger();

        var sampling = FapilogPipelines.Get(name).Options.Sampling!;

        Assert.Equal(TimeSpan.FromMinutes(1), sampling.DuplicateErrors!.Window);
        Assert.Equal(1_000, sampling.Repeats!.MaxKeys);
        Assert.Null(sampling.RateLimit);
        Assert.Equal(FapilogSamplingOptions.DefaultExemptLevels, sampling.ExemptLevels);
    }

    [Theory]
    [InlineData("""{ "levelRates": { "Debug": 1.5 } }""", "sampling.levelRates", "'Debug: 1.5'; valid values are level names")]
    [InlineData("""{ "levelRates": { "Debug": "most" } }""", "sampling.levelRates", "'Debug: most'; valid values are level names")]
    [InlineData("""{ "levelRates": { "Chatty": 0.5 } }""", "sampling.levelRates", "'Chatty'; valid values are level names")]
    [InlineData("""{ "levelRates": { "Audit": 0.5 } }""", "sampling.levelRates", "Audit is in ExemptLevels")]
    [InlineData("""{ "exemptLevels": [ "Loud" ] }""", "sampling.exemptLevels", "'Loud'; valid values are a list of Verbose, Debug")]
    [InlineData("""{ "rateLimit": { "limit": 0 } }""", "sampling.rateLimit.limit", "'0'; valid values are 1 to 1000000")]
    [InlineData("""{ "rateLimit": { "period": "1" } }""", "sampling.rateLimit.period", "'1'; valid values are time spans written [d.]hh:mm:ss[.fff] from 00:00:00.0000001 to 1.00:00:00")]
    [InlineData("""{ "rateLimit": { "key": "Property" } }""", "sampling.rateLimit.property", "has no value; valid values are a property name")]
    [InlineData("""{ "rateLimit": { "key": "User" } }""", "sampling.rateLimit.key", "'User'; valid values are Template, Property, TemplateAndProperty")]
    [InlineData("""{ "rateLimit": { "limt": 5 } }""", "sampling.rateLimit.limt", "is not a rate limit option; valid options are sampling.rateLimit.key, sampling.rateLimit.property, sampling.rateLimit.limit")]
    [InlineData("""{ "repeats": { "keepEvery": -1 } }""", "sampling.repeats.keepEvery", "'-1'; valid values are 0 (keep no repeat)")]
    [InlineData("""{ "repeats": { "maximumLevel": "Loud" } }""", "sampling.repeats.maximumLevel", "'Loud'; valid values are Verbose, Debug, Information")]
    [InlineData("""{ "duplicateErrors": { "window": "00:00:00" } }""", "sampling.duplicateErrors.window", "'00:00:00'; valid values are time spans")]
    [InlineData("""{ "duplicates": { } }""", "sampling.duplicates", "is not a sampling option; valid options are sampling.levelRates, sampling.exemptLevels, sampling.rateLimit, sampling.repeats, sampling.duplicateErrors")]
    public void FromJson_ABadValue_FailsNamingTheOptionAndTheValidValues(string sampling, string argument, string expected)
    {
        var error = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""
            { "Name": "Fapilog", "Args": { "configure": [ { "Name": "FapilogConsole" } ], "flushOnProcessExit": false, "sampling": {{sampling}} } }
            """));

        Assert.Contains($"Fapilog: WriteTo.Fapilog argument '{argument}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InCode_ABadValue_FailsNamingTheProperty()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.Fapilog(
            wt => wt.Sink(new CollectingSink()),
            new FapilogPipelineOptions { FlushOnProcessExit = false, Sampling = new FapilogSamplingOptions { RateLimit = new FapilogRateLimitOptions { MaxKeys = 0 } } }));

        Assert.Equal("Fapilog: FapilogPipelineOptions.Sampling.RateLimit.MaxKeys has the value '0'; valid values are 1 to 1000000. (Parameter 'MaxKeys')", error.Message);
    }

    [Fact]
    public void InCode_SamplingAuditNeedsItLeftOutOfTheExemptLevels()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.Fapilog(
            wt => wt.Sink(new CollectingSink()),
            new FapilogPipelineOptions
            {
                FlushOnProcessExit = false,
                Sampling = new FapilogSamplingOptions { LevelRates = new Dictionary<FapilogLevel, double> { [FapilogLevel.Security] = 0.1 } },
            }));

        Assert.StartsWith("Fapilog: FapilogPipelineOptions.Sampling.LevelRates has the value 'Security: 0.1'; valid values are rates for levels that are not exempt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOptions_AreCopied_SoLaterChangesDoNotReachTheRunningPipeline()
    {
        var sampling = new FapilogSamplingOptions { LevelRates = new Dictionary<FapilogLevel, double> { [FapilogLevel.Information] = 0.0 } };
        var sink = new CollectingSink();
        using var logger = Pipelines.Create(new FapilogPipelineOptions { Sampling = sampling }, out var pipeline, sink);
        sampling.LevelRates[FapilogLevel.Information] = 1.0;
        logger.Information("Dropped {N}", 0);
        pipeline.Close();

        Assert.Empty(sink.Events);
    }

    [Fact]
    public void TheStages_RunSamplingFirst_InTheDocumentedOrder_ThenRedaction_ThenTheInternalStages()
    {
        var custom = new KeepAll();
        var stages = PipelineStages.Build(new FapilogPipelineOptions
        {
            Stages = new IEventStage[] { custom },
            Sampling = new FapilogSamplingOptions
            {
                LevelRates = new Dictionary<FapilogLevel, double> { [FapilogLevel.Debug] = 0.5 },
                RateLimit = new FapilogRateLimitOptions(),
                Repeats = new FapilogRepeatOptions(),
                DuplicateErrors = new FapilogDuplicateErrorOptions(),
            },
        }, new PipelineCounters());

        Assert.Equal(
            new[] { typeof(LevelSampler), typeof(RepeatFilter), typeof(RateLimiter), typeof(DuplicateErrorSuppressor), typeof(RedactionStage), typeof(KeepAll) },
            stages.Select(s => s.GetType()));
    }

    private sealed class KeepAll : IEventStage
    {
        public bool Process(ref FapilogEvent e) => true;
    }
}
