using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace Fapilog.Serilog.Tests.Pipeline;

public class ConfigurationTests
{
    [Fact]
    public void AppSettingsJson_BindsEveryOption_AndTheWrappedSinks()
    {
        using var folder = new TempFolder();
        string logPath = folder.File("inner.log").Replace("\\", "/", StringComparison.Ordinal);
        string json = $$"""
        {
          "Serilog": {
            "MinimumLevel": "Verbose",
            "WriteTo": [
              {
                "Name": "Fapilog",
                "Args": {
                  "configure": [ { "Name": "File", "Args": { "path": "{{logPath}}", "outputTemplate": "{Level:u3} {Message:lj}{NewLine}" } } ],
                  "queueLimit": 20000,
                  "fullMode": "Wait",
                  "maxWait": "00:00:00.120",
                  "protectedLevels": [ "Audit", "Security" ],
                  "protectedReserve": 500,
                  "protectedMaxWait": "00:00:03",
                  "batchSizeLimit": 256,
                  "bufferingTimeLimit": "00:00:00.500",
                  "shutdownTimeout": "00:00:07",
                  "flushOnProcessExit": false,
                  "processExitTimeout": "00:00:01",
                  "reportInterval": "00:00:30",
                  "name": "from-json"
                }
              }
            ]
          }
        }
        """;
        string settings = folder.File("appsettings.json");
        File.WriteAllText(settings, json);
        var configuration = new ConfigurationBuilder().AddJsonFile(settings).Build();

        var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
        var pipeline = FapilogPipelines.Get("from-json");
        var options = pipeline.Options;
        logger.Information("Hello {Name}", "json");
        logger.Audit("Audit {Name}", "json");
        logger.Dispose();

        Assert.Equal(20_000, options.QueueLimit);
        Assert.Equal(QueueFullMode.Wait, options.FullMode);
        Assert.Equal(TimeSpan.FromMilliseconds(120), options.MaxWait);
        Assert.Equal(new[] { FapilogLevel.Audit, FapilogLevel.Security }, options.ProtectedLevels.ToArray());
        Assert.Equal(500, options.ProtectedReserve);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ProtectedMaxWait);
        Assert.Equal(256, options.BatchSizeLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.BufferingTimeLimit);
        Assert.Equal(TimeSpan.FromSeconds(7), options.ShutdownTimeout);
        Assert.False(options.FlushOnProcessExit);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ProcessExitTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ReportInterval);
        Assert.Equal(new[] { "INF Hello json", "FTL Audit json" }, File.ReadAllLines(logPath));
        Assert.Equal(2, pipeline.GetStats().Written);
    }

    [Fact]
    public void AppSettingsJson_WithAnOutOfRangeOption_FailsNamingTheOption()
    {
        using var folder = new TempFolder();
        string settings = folder.File("appsettings.json");
        File.WriteAllText(settings, """
        { "Serilog": { "WriteTo": [ { "Name": "Fapilog", "Args": { "configure": [ { "Name": "File", "Args": { "path": "x.log" } } ], "batchSizeLimit": 0 } } ] } }
        """);
        var configuration = new ConfigurationBuilder().AddJsonFile(settings).Build();

        var error = Assert.ThrowsAny<Exception>(() => new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger());
        var inner = Assert.IsType<ArgumentOutOfRangeException>(Assert.IsType<System.Reflection.TargetInvocationException>(error).InnerException);
        Assert.Equal("batchSizeLimit", inner.ParamName);
        Assert.StartsWith("Fapilog: WriteTo.Fapilog argument 'batchSizeLimit' has the value '0'; valid values are 1 to 1000000.", inner.Message, StringComparison.Ordinal);
    }
}
