using System;
using System.IO;
using Fapilog.Serilog.Tests.Support;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs;

public class FapilogOutputsLoggerConfigurationExtensionsTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string SingleFile(string folder)
    {
        var files = Directory.GetFiles(folder);
        Assert.Single(files);
        return files[0];
    }

    private LoggerConfiguration FromJson(string json)
    {
        string path = _tmp.File("appsettings.json");
        File.WriteAllText(path, json);
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();
        return new LoggerConfiguration().ReadFrom.Configuration(configuration);
    }

    [Fact]
    public void FapilogFile_WithATextFormatter_FromCode_WritesOneLinePerEvent()
    {
        string folder = Path.Combine(_tmp.Path, "code");
        using (var logger = new LoggerConfiguration()
            .WriteTo.FapilogFile(new TestTextFormatter(), Path.Combine(folder, "app.jsonl"), restrictedToMinimumLevel: LogEventLevel.Information)
            .CreateLogger())
        {
            logger.Debug("Event {N}", 1);
            logger.Information("Event {N}", 2);
        }

        Assert.Equal(new[] { "{\"text\":2,\"m\":\"Event {N}\"}" }, File.ReadAllLines(SingleFile(folder)));
    }

    [Fact]
    public void FapilogFile_WithOptions_FromCode_HonoursTheOptions()
    {
        string folder = Path.Combine(_tmp.Path, "options");
        var options = new FapilogFileOptions
        {
            Path = Path.Combine(folder, "audit.jsonl"),
            Formatter = new TestTextFormatter(),
            RollingInterval = FapilogRollingInterval.Infinite,
        };
        using (var logger = new LoggerConfiguration().WriteTo.FapilogFile(options).CreateLogger())
        {
            logger.Audit("Event {N}", 3);
        }

        Assert.Equal(Path.Combine(folder, "audit.jsonl"), SingleFile(folder));
    }

    [Fact]
    public void FapilogFile_FromAppSettings_BindsParametersByName()
    {
        string folder = Path.Combine(_tmp.Path, "json");
        string json = $$"""
        {
          "Serilog": {
            "WriteTo": [
              {
                "Name": "FapilogFile",
                "Args": {
                  "formatter": "{{typeof(TestTextFormatter).AssemblyQualifiedName}}",
                  "path": "{{Path.Combine(folder, "app.jsonl")}}",
                  "rollingInterval": "Hour",
                  "fileSizeLimitBytes": 1000,
                  "retainedFileCountLimit": 5,
                  "compressRolledFiles": true,
                  "flushToDisk": true,
                  "restrictedToMinimumLevel": "Warning"
                }
              }
            ]
          }
        }
        """;

        using (var logger = FromJson(json).CreateLogger())
        {
            logger.Information("Event {N}", 1);
            logger.Warning("Event {N}", 2);
        }

        string file = SingleFile(folder);
        Assert.Matches(@"app-\d{10}\.jsonl$", file);
        Assert.Equal(new[] { "{\"text\":2,\"m\":\"Event {N}\"}" }, File.ReadAllLines(file));
    }

    [Fact]
    public void FapilogFile_FromAppSettings_WithAnOutOfRangeOption_FailsNamingIt()
    {
        string json = $$"""
        { "Serilog": { "WriteTo": [ { "Name": "FapilogFile", "Args": { "path": "{{_tmp.File("app.jsonl")}}", "retainedFileCountLimit": 0 } } ] } }
        """;

        var ex = Assert.IsType<ArgumentOutOfRangeException>(Unwrap(() => FromJson(json).CreateLogger().Dispose()));

        Assert.Equal("retainedFileCountLimit", ex.ParamName);
        Assert.Contains("at least 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogFile_FromAppSettings_WithDefaults_WritesEnvelopeLines()
    {
        string folder = Path.Combine(_tmp.Path, "envelope");
        string json = $$"""
        { "Serilog": { "WriteTo": [ { "Name": "FapilogFile", "Args": { "path": "{{Path.Combine(folder, "app.jsonl")}}" } } ] } }
        """;

        using (var logger = FromJson(json).CreateLogger())
        {
            logger.Information("Event {N}", 1);
        }

        using var line = System.Text.Json.JsonDocument.Parse(File.ReadAllLines(SingleFile(folder))[0]);
        Assert.Equal("INFO", line.RootElement.GetProperty("log").GetProperty("level").GetString());
    }

    [Theory]
    [InlineData("", nameof(FapilogFileOptions.Path))]
    [InlineData("logs/", nameof(FapilogFileOptions.Path))]
    public void FapilogFileOptions_WithoutAFilePath_AreRejected(string path, string paramName)
    {
        var ex = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogFile(new FapilogFileOptions { Path = path }));

        Assert.Equal(paramName, ex.ParamName);
    }

    [Theory]
    [InlineData(nameof(FapilogFileOptions.FileSizeLimitBytes))]
    [InlineData(nameof(FapilogFileOptions.RetainedFileCountLimit))]
    [InlineData(nameof(FapilogFileOptions.RetainedFileTimeLimit))]
    [InlineData(nameof(FapilogFileOptions.RollingInterval))]
    [InlineData(nameof(FapilogFileOptions.Format))]
    public void FapilogFileOptions_OutOfRange_AreRejectedNamingTheOption(string option)
    {
        var options = new FapilogFileOptions { Path = _tmp.File("app.jsonl") };
        switch (option)
        {
            case nameof(FapilogFileOptions.FileSizeLimitBytes): options.FileSizeLimitBytes = 0; break;
            case nameof(FapilogFileOptions.RetainedFileCountLimit): options.RetainedFileCountLimit = 0; break;
            case nameof(FapilogFileOptions.RetainedFileTimeLimit): options.RetainedFileTimeLimit = TimeSpan.Zero; break;
            case nameof(FapilogFileOptions.RollingInterval): options.RollingInterval = (FapilogRollingInterval)42; break;
            default: options.Format = (global::Fapilog.Serilog.FapilogFormat)42; break;
        }

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LoggerConfiguration().WriteTo.FapilogFile(options));

        Assert.Equal(option, ex.ParamName);
    }

    [Fact]
    public void FapilogFileOptions_Defaults_MatchTheSpecification()
    {
        var options = new FapilogFileOptions();

        Assert.Equal(global::Fapilog.Serilog.FapilogFormat.Envelope, options.Format);
        Assert.Equal(FapilogRollingInterval.Day, options.RollingInterval);
        Assert.Equal(100L * 1024 * 1024, options.FileSizeLimitBytes);
        Assert.Equal(31, options.RetainedFileCountLimit);
        Assert.Null(options.RetainedFileTimeLimit);
        Assert.False(options.CompressRolledFiles);
        Assert.False(options.FlushToDisk);
    }

    [Fact]
    public void FapilogConsole_Pretty_FromCode_Configures()
    {
        using var logger = new LoggerConfiguration().WriteTo.FapilogConsole(FapilogConsoleFormat.Pretty).CreateLogger();

        Assert.NotNull(logger);
    }

    [Fact]
    public void FapilogConsole_FromAppSettings_BindsFormatByName_AndValidatesIt()
    {
        using (FromJson("""{ "Serilog": { "WriteTo": [ { "Name": "FapilogConsole", "Args": { "format": "Pretty", "jsonFormat": "Clef" } } ] } }""").CreateLogger())
        {
        }

        var ex = Assert.IsType<ArgumentOutOfRangeException>(
            Unwrap(() => FromJson("""{ "Serilog": { "WriteTo": [ { "Name": "FapilogConsole", "Args": { "format": "9" } } ] } }""").CreateLogger().Dispose()));
        Assert.Equal("format", ex.ParamName);
    }

    /// <summary>Serilog.Settings.Configuration calls extension methods by reflection.</summary>
    private static Exception Unwrap(Action action)
    {
        var ex = Record.Exception(action);
        Assert.NotNull(ex);
        return ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : ex;
    }
}
