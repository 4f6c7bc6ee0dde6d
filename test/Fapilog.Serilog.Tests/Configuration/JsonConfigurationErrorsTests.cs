using System;
using System.Threading;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Debugging;

namespace Fapilog.Serilog.Tests.Configuration;

/// <summary>
/// Every mistake in an <c>appsettings.json</c> entry of ours fails at <c>ReadFrom.Configuration</c>, before any
/// event is logged, with one message shape: the method, the argument, the value, and what is valid.
/// SelfLog is tapped while a configure array runs, hence the non-parallel collection.
/// </summary>
[Collection(SelfLogCollection.Name)]
public sealed class JsonConfigurationErrorsTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string LogPath => _tmp.File("app.jsonl").Replace("\\", "/", StringComparison.Ordinal);

    private string Pipeline(string args) =>
        AppSettings.WriteTo($$"""{ "Name": "Fapilog", "Args": { "configure": [ { "Name": "FapilogFile", "Args": { "path": "{{LogPath}}" } } ], {{args}} } }""");

    [Fact]
    public void Configure_WithAMisspelledSinkName_FailsNamingItAndTheSinksThatExist()
    {
        string json = AppSettings.WriteTo("""{ "Name": "Fapilog", "Args": { "configure": [ { "Name": "FapilogFiel", "Args": { "path": "x.jsonl" } } ] } }""");

        var error = AppSettings.ConfigurationError(json);

        Assert.Equal("configure", error.ParamName);
        Assert.StartsWith(
            "Fapilog: WriteTo.Fapilog argument 'configure' has the value 'FapilogFiel', a sink that was not found; valid values are ",
            error.Message, StringComparison.Ordinal);
        // Each by itself: the list is sorted, and other outputs' methods fall between them.
        Assert.Contains(" FapilogConsole, ", error.Message, StringComparison.Ordinal);
        Assert.Contains(" FapilogFile, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_WithOneGoodAndOneMisspelledSink_Fails_AndDisposesTheGoodOne()
    {
        string id = Guid.NewGuid().ToString("N");
        string json = AppSettings.WriteTo($$"""
            { "Name": "Fapilog", "Args": { "name": "half-good", "configure": [
                { "Name": "DisposalProbeSink", "Args": { "id": "{{id}}" } },
                { "Name": "Consol" } ] } }
            """);

        var error = AppSettings.ConfigurationError(json);

        Assert.Contains("has the value 'Consol', a sink that was not found", error.Message, StringComparison.Ordinal);
        Assert.True(DisposalProbe.WasDisposed(id));
        Assert.False(FapilogPipelines.TryGet("half-good", out _));
    }

    [Fact]
    public void Configure_WithArgumentsNoOverloadTakes_FailsNamingThemAndTheOverloads()
    {
        string json = AppSettings.WriteTo("""{ "Name": "Fapilog", "Args": { "configure": [ { "Name": "File", "Args": { "pth": "x.log" } } ] } }""");

        var error = AppSettings.ConfigurationError(json);

        Assert.StartsWith(
            "Fapilog: WriteTo.Fapilog argument 'configure' has the value 'File' with the arguments pth, which no File method takes; valid values are File(",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_Missing_FailsNamingIt()
    {
        var error = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "Fapilog", "Args": { "queueLimit": 500 } }"""));

        Assert.StartsWith("Fapilog: WriteTo.Fapilog argument 'configure' has no value; valid values are one or more sinks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_WhenSelfLogIsOn_StillReportsThere_AndSelfLogIsRestoredAfterwards()
    {
        using var capture = new SelfLogCapture();
        string json = AppSettings.WriteTo("""{ "Name": "Fapilog", "Args": { "configure": [ { "Name": "FapilogFiel" } ] } }""");

        AppSettings.ConfigurationError(json);
        SelfLog.WriteLine("after");

        Assert.Contains(capture.Lines, line => line.Contains("Unable to find a method called FapilogFiel", StringComparison.Ordinal));
        Assert.Contains(capture.Lines, line => line.EndsWith(" after", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"queueLimt\": 20000", "queueLimt")]
    [InlineData("\"name\": \"tie\", \"queueLimt\": 20000", "queueLimt")]
    [InlineData("\"Options\": { \"QueueLimit\": 5 }, \"x\": 1", "x")]
    public void Pipeline_WithAnUnknownArgumentName_FailsNamingItAndTheValidNames(string args, string unknown)
    {
        var error = AppSettings.ConfigurationError(Pipeline(args));

        Assert.Equal(unknown, error.ParamName);
        Assert.StartsWith(
            $"Fapilog: WriteTo.Fapilog argument '{unknown}' is unknown (at Serilog:WriteTo:0:Args:{unknown}); valid arguments are configure, queueLimit, fullMode, maxWait, protectedLevels, protectedReserve, protectedMaxWait, batchSizeLimit, bufferingTimeLimit, shutdownTimeout, flushOnProcessExit, processExitTimeout, name, reportInterval, restrictedToMinimumLevel, levelSwitch, sampling, redaction.",
            error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Name": "FapilogFile", "Args": { "path": "a.jsonl", "flushToDsk": true } }""", "FapilogFile", "flushToDsk", "Serilog:WriteTo:0:Args:flushToDsk")]
    [InlineData("""{ "Name": "FapilogConsole", "Args": { "formt": "Pretty" } }""", "FapilogConsole", "formt", "Serilog:WriteTo:0:Args:formt")]
    [InlineData("""{ "Name": "Fapilog", "Args": { "configure": [ { "Name": "FapilogConsole", "Args": { "jsonFormt": "Clef" } } ] } }""", "FapilogConsole", "jsonFormt", "Serilog:WriteTo:0:Args:configure:0:Args:jsonFormt")]
    public void Output_WithAnUnknownArgumentName_FailsNamingItWhereItIs(string entry, string method, string unknown, string path)
    {
        var error = AppSettings.ConfigurationError(AppSettings.WriteTo(entry));

        Assert.StartsWith($"Fapilog: WriteTo.{method} argument '{unknown}' is unknown (at {path}); valid arguments are ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_WithAnOptionsObject_FailsPointingToTheArguments()
    {
        var error = AppSettings.ConfigurationError(Pipeline("\"options\": { \"QueueLimit\": 5 }"));

        Assert.StartsWith(
            "Fapilog: WriteTo.Fapilog argument 'options' is not read from configuration; valid arguments are the options one by one: configure, queueLimit,",
            error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadPipelineValues => new()
    {
        { "\"fullMode\": \"Sometimes\"", "Fapilog: WriteTo.Fapilog argument 'fullMode' has the value 'Sometimes'; valid values are Drop, Wait." },
        { "\"fullMode\": \"1\"", "Fapilog: WriteTo.Fapilog argument 'fullMode' has the value '1'; valid values are Drop, Wait." },
        { "\"queueLimit\": \"lots\"", "Fapilog: WriteTo.Fapilog argument 'queueLimit' has the value 'lots'; valid values are 1 to 67108864." },
        { "\"queueLimit\": 0", "Fapilog: WriteTo.Fapilog argument 'queueLimit' has the value '0'; valid values are 1 to 67108864." },
        { "\"protectedReserve\": 20000", "Fapilog: WriteTo.Fapilog argument 'protectedReserve' has the value '20000'; valid values are 0 to 9999 (less than the queue limit, 10000, so that ordinary events have room), or none for max(100, queue limit / 10)." },
        { "\"maxWait\": \"soon\"", "Fapilog: WriteTo.Fapilog argument 'maxWait' has the value 'soon'; valid values are time spans written [d.]hh:mm:ss[.fff] from 00:00:00 to 24.20:31:23.6470000, or Infinite." },
        { "\"maxWait\": \"100\"", "Fapilog: WriteTo.Fapilog argument 'maxWait' has the value '100'; valid values are time spans written [d.]hh:mm:ss[.fff] from 00:00:00 to 24.20:31:23.6470000, or Infinite." },
        { "\"shutdownTimeout\": \"30.00:00:00\"", "Fapilog: WriteTo.Fapilog argument 'shutdownTimeout' has the value '30.00:00:00'; valid values are time spans written [d.]hh:mm:ss[.fff] from 00:00:00 to 24.20:31:23.6470000." },
        { "\"reportInterval\": \"00:00:00\"", "Fapilog: WriteTo.Fapilog argument 'reportInterval' has the value '00:00:00'; valid values are time spans written [d.]hh:mm:ss[.fff] from 00:00:00.0000001 to 24.20:31:23.6470000." },
        { "\"flushOnProcessExit\": \"yes\"", "Fapilog: WriteTo.Fapilog argument 'flushOnProcessExit' has the value 'yes'; valid values are true, false." },
        { "\"protectedLevels\": [ \"Audit\", \"Critical\" ]", "Fapilog: WriteTo.Fapilog argument 'protectedLevels' has the value 'Critical'; valid values are a list of Verbose, Debug, Information, Warning, Error, Fatal, Audit, Security (an empty list protects nothing)." },
        { "\"batchSizeLimit\": 0", "Fapilog: WriteTo.Fapilog argument 'batchSizeLimit' has the value '0'; valid values are 1 to 1000000." },
        { "\"name\": \" \"", "Fapilog: WriteTo.Fapilog argument 'name' has the value ' '; valid values are a name that is not empty." },
        { "\"restrictedToMinimumLevel\": \"Informaton\"", "Fapilog: WriteTo.Fapilog argument 'restrictedToMinimumLevel' has the value 'Informaton'; valid values are Verbose, Debug, Information, Warning, Error, Fatal." },
    };

    [Theory]
    [MemberData(nameof(BadPipelineValues))]
    public void Pipeline_WithAValueOutOfRangeOrNotInItsForm_FailsNamingTheArgumentTheValueAndTheValidValues(string args, string message)
    {
        var error = AppSettings.ConfigurationError(Pipeline(args));

        Assert.IsType<ArgumentOutOfRangeException>(error);
        Assert.Equal(message + $" (Parameter '{error.ParamName}')", error.Message);
    }

    public static TheoryData<string, string> BadOutputValues => new()
    {
        { """{ "Name": "FapilogFile", "Args": { "path": "a.jsonl", "format": "Xml" } }""", "Fapilog: WriteTo.FapilogFile argument 'format' has the value 'Xml'; valid values are Envelope, Clef, RenderedClef." },
        { """{ "Name": "FapilogFile", "Args": { "path": "a.jsonl", "rollingInterval": "Weekly" } }""", "Fapilog: WriteTo.FapilogFile argument 'rollingInterval' has the value 'Weekly'; valid values are Infinite, Year, Month, Day, Hour, Minute." },
        { """{ "Name": "FapilogFile", "Args": { "path": "a.jsonl", "fileSizeLimitBytes": "1GB" } }""", "Fapilog: WriteTo.FapilogFile argument 'fileSizeLimitBytes' has the value '1GB'; valid values are a size in bytes, at least 1, or null for no limit." },
        { """{ "Name": "FapilogFile", "Args": { "path": "a.jsonl", "fileSizeLimitBytes": 0 } }""", "Fapilog: WriteTo.FapilogFile argument 'fileSizeLimitBytes' has the value '0'; valid values are a size in bytes, at least 1, or null for no limit." },
        { """{ "Name": "FapilogFile", "Args": { "path": "a.jsonl", "retainedFileCountLimit": 0 } }""", "Fapilog: WriteTo.FapilogFile argument 'retainedFileCountLimit' has the value '0'; valid values are at least 1 (the active file counts), or null to keep all files." },
        { """{ "Name": "FapilogFile", "Args": { "path": "a.jsonl", "retainedFileTimeLimit": "7" } }""", "Fapilog: WriteTo.FapilogFile argument 'retainedFileTimeLimit' has the value '7'; valid values are time spans written [d.]hh:mm:ss[.fff] greater than 00:00:00, or null for no age limit." },
        { """{ "Name": "FapilogFile", "Args": { "path": "a.jsonl", "flushToDisk": "always" } }""", "Fapilog: WriteTo.FapilogFile argument 'flushToDisk' has the value 'always'; valid values are true, false." },
        { """{ "Name": "FapilogConsole", "Args": { "format": "Fancy" } }""", "Fapilog: WriteTo.FapilogConsole argument 'format' has the value 'Fancy'; valid values are Auto, Pretty, Json." },
        { """{ "Name": "FapilogConsole", "Args": { "jsonFormat": "Xml" } }""", "Fapilog: WriteTo.FapilogConsole argument 'jsonFormat' has the value 'Xml'; valid values are Envelope, Clef, RenderedClef." },
    };

    [Theory]
    [MemberData(nameof(BadOutputValues))]
    public void Output_WithAValueOutOfRangeOrNotInItsForm_FailsNamingTheArgumentTheValueAndTheValidValues(string entry, string message)
    {
        var error = AppSettings.ConfigurationError(AppSettings.WriteTo(entry));

        Assert.IsType<ArgumentOutOfRangeException>(error);
        Assert.Equal(message + $" (Parameter '{error.ParamName}')", error.Message);
    }

    [Theory]
    [InlineData("""{ "Name": "FapilogFile" }""")]
    [InlineData("""{ "Name": "FapilogFile", "Args": { "format": "Clef" } }""")]
    [InlineData("""{ "Name": "FapilogFile", "Args": { "path": "" } }""")]
    [InlineData("""{ "Name": "Fapilog", "Args": { "configure": [ { "Name": "FapilogFile", "Args": { "rollingInterval": "Hour" } } ] } }""")]
    public void FileOutput_WithoutAPath_FailsNamingPath(string entry)
    {
        var error = AppSettings.ConfigurationError(AppSettings.WriteTo(entry));

        Assert.Equal("path", error.ParamName);
        Assert.Equal("Fapilog: WriteTo.FapilogFile argument 'path' has no value; valid values are a file path such as logs/app.jsonl. (Parameter 'path')", error.Message);
    }

    [Fact]
    public void ObsoleteSectionOnlyReader_WhichPassesNoConfiguration_FailsLoudly_NamingTheMethod()
    {
        var configuration = AppSettings.Parse(AppSettings.WriteTo("""{ "Name": "FapilogConsole" }"""));

#pragma warning disable CS0618 // ReadFrom.ConfigurationSection is obsolete: the limit this pins.
        var error = Assert.Throws<InvalidOperationException>(() => new LoggerConfiguration().ReadFrom.ConfigurationSection(configuration.GetSection("Serilog")));
#pragma warning restore CS0618

        Assert.Contains("IConfiguration", error.Message, StringComparison.Ordinal);
        Assert.Contains("FapilogConsole(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_AcceptsTheSpecialValues_InfiniteAnEmptyProtectedListAndNoFileLimits()
    {
        string json = AppSettings.WriteTo($$"""
            { "Name": "Fapilog", "Args": {
                "name": "special", "flushOnProcessExit": false, "fullMode": "wait", "maxWait": "Infinite", "protectedLevels": [ ],
                "configure": [ { "Name": "FapilogFile", "Args": { "path": "{{LogPath}}", "fileSizeLimitBytes": null, "retainedFileCountLimit": "" } } ] } }
            """);

        using (AppSettings.Read(json).CreateLogger())
        {
            var options = FapilogPipelines.Get("special").Options;
            Assert.Equal(QueueFullMode.Wait, options.FullMode);
            Assert.Equal(Timeout.InfiniteTimeSpan, options.MaxWait);
            Assert.Empty(options.ProtectedLevels);
        }
    }

    [Fact]
    public void AnEntryNamedFapilogOutsideAnySinkList_IsNotTakenForOurs()
    {
        string json = $$"""
            {
              "Telemetry": { "Exporters": [ { "Name": "Fapilog", "Args": { "endpoint": "http://127.0.0.1:1" } } ] },
              "Serilog": { "WriteTo": [ { "Name": "Fapilog", "Args": { "name": "beside-telemetry", "flushOnProcessExit": false,
                "configure": [ { "Name": "FapilogFile", "Args": { "path": "{{LogPath}}" } } ] } } ] }
            }
            """;

        using (AppSettings.Read(json).CreateLogger())
        {
            Assert.Equal("beside-telemetry", FapilogPipelines.Get("beside-telemetry").Name);
        }
    }
}
