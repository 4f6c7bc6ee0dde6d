using System;
using Serilog;
using Serilog.Core;

namespace Fapilog.Serilog.Enrichers.Tests.Support;

/// <summary>A real Serilog logger, configured by the test, writing to a collecting sink.</summary>
internal sealed class TestLogger : IDisposable
{
    public TestLogger(Func<LoggerConfiguration, LoggerConfiguration> configure)
    {
        Logger = configure(new LoggerConfiguration().MinimumLevel.Verbose()).WriteTo.Sink(Sink).CreateLogger();
    }

    public CollectingSink Sink { get; } = new();

    public Logger Logger { get; }

    public static TestLogger WithContext() => new(c => c.Enrich.WithFapilogContext());

    public void Dispose() => Logger.Dispose();
}
