using System;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Levels;

public class FapilogLoggerExtensionsTests
{
    [Fact]
    public void Audit_WritesFatalWithMarker_AndPassesEveryMinimumLevel()
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().MinimumLevel.Fatal().WriteTo.Sink(sink).CreateLogger();

        logger.Audit("User {User} exported {Count} rows", "alice", 3);
        logger.Security(new InvalidOperationException("x"), "Login failed for {User}", "bob");
        logger.Information("not written");

        Assert.Equal(2, sink.Events.Count);
        var audit = sink.Events[0];
        Assert.Equal(LogEventLevel.Fatal, audit.Level);
        Assert.Equal(FapilogLevel.Audit, LevelClassifier.Classify(audit));
        Assert.Equal("User \"alice\" exported 3 rows", audit.RenderMessage());
        var security = sink.Events[1];
        Assert.Equal(FapilogLevel.Security, LevelClassifier.Classify(security));
        Assert.IsType<InvalidOperationException>(security.Exception);
    }

    [Fact]
    public void Audit_OnContextLogger_KeepsSourceContext()
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();

        logger.ForContext<FapilogLoggerExtensionsTests>().Audit("done");

        var e = sink.Events.Single();
        Assert.Equal(typeof(FapilogLoggerExtensionsTests).FullName, ((ScalarValue)e.Properties["SourceContext"]).Value);
        Assert.Equal(FapilogLevel.Audit, LevelClassifier.Classify(e));
    }

    [Fact]
    public void Audit_WhenLevelIsOff_WritesNothing()
    {
        var sink = new CollectingSink();
        var levelSwitch = new global::Serilog.Core.LoggingLevelSwitch((LogEventLevel)(1 + (int)LogEventLevel.Fatal));
        using var logger = new LoggerConfiguration().MinimumLevel.ControlledBy(levelSwitch).WriteTo.Sink(sink).CreateLogger();

        logger.Audit("nothing");

        Assert.Empty(sink.Events);
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, FapilogLevel.Verbose, "TRACE")]
    [InlineData(LogEventLevel.Debug, FapilogLevel.Debug, "DEBUG")]
    [InlineData(LogEventLevel.Information, FapilogLevel.Information, "INFO")]
    [InlineData(LogEventLevel.Warning, FapilogLevel.Warning, "WARNING")]
    [InlineData(LogEventLevel.Error, FapilogLevel.Error, "ERROR")]
    [InlineData(LogEventLevel.Fatal, FapilogLevel.Fatal, "CRITICAL")]
    public void Classify_MapsSerilogLevels(LogEventLevel level, FapilogLevel expected, string envelopeName)
    {
        var level2 = LevelClassifier.Classify(Some.Event(level));
        Assert.Equal(expected, level2);
        Assert.Equal(envelopeName, LevelClassifier.EnvelopeName(level2));
        Assert.Equal(envelopeName, System.Text.Encoding.ASCII.GetString(LevelClassifier.EnvelopeNameUtf8(level2)));
    }

    [Theory]
    [InlineData(FapilogLevel.Audit, "AUDIT")]
    [InlineData(FapilogLevel.Security, "SECURITY")]
    public void EnvelopeNames_OfTheLevelsAboveFatal(FapilogLevel level, string name)
    {
        Assert.Equal(name, LevelClassifier.EnvelopeName(level));
        Assert.Equal(name, System.Text.Encoding.ASCII.GetString(LevelClassifier.EnvelopeNameUtf8(level)));
    }

    [Fact]
    public void Classify_IgnoresMarkerOnNonFatalEvents()
    {
        var e = Some.Event(LogEventLevel.Information, properties: (FapilogProperties.Level, FapilogProperties.AuditValue));
        Assert.Equal(FapilogLevel.Information, LevelClassifier.Classify(e));
    }
}
