using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Audit;

public class AuditTrailConfigurationTests : IDisposable
{
    private readonly AuditSets _set = new();

    public void Dispose() => _set.Dispose();

    private string KeyFile()
    {
        Directory.CreateDirectory(_set.Folder);
        string path = Path.Combine(_set.Folder, "..", "k1.key");
        File.WriteAllText(path, Convert.ToBase64String(AuditSets.Key1.Material) + "\n");
        return path;
    }

    private static string Json(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal);

    [Fact]
    public void OneLineInCode_RoutesOnlyAuditAndSecurity_IntoASealedFileThatVerifies()
    {
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => wt.FapilogAuditTrail(_set.ConfiguredPath, AuditSets.Key1, rollingInterval: FapilogRollingInterval.Infinite),
                new FapilogPipelineOptions { Name = "audit-code-" + Guid.NewGuid() })
            .CreateLogger();
        logger.Information("not audited");
        logger.Audit("User {User} signed in", "ann");
        logger.Security("Password changed for {User}", "ann");
        logger.Error("not audited either");
        ((IDisposable)logger).Dispose();

        var lines = _set.Lines("audit.jsonl");
        Assert.Equal(2, lines.Count);
        Assert.Contains("\"level\":\"AUDIT\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"level\":\"SECURITY\"", lines[1], StringComparison.Ordinal);
        Assert.True(_set.Verify().IsIntact);
    }

    [Fact]
    public void ValuesMaskedBeforeTheOutput_AreWhatTheChainCovers_AndVerify()
    {
        var logger = new LoggerConfiguration()
            .Enrich.With(new MaskPassword())
            .WriteTo.Fapilog(
                wt => wt.FapilogAuditTrail(_set.ConfiguredPath, AuditSets.Key1, rollingInterval: FapilogRollingInterval.Infinite),
                new FapilogPipelineOptions { Name = "audit-mask-" + Guid.NewGuid() })
            .CreateLogger();
        logger.Audit("Password reset for {User} to {Password}", "ann", "hunter2");
        ((IDisposable)logger).Dispose();

        string line = _set.Lines("audit.jsonl").Single();
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        Assert.Contains("***", line, StringComparison.Ordinal);
        Assert.True(_set.Verify().IsIntact);
    }

    private sealed class MaskPassword : global::Serilog.Core.ILogEventEnricher
    {
        public void Enrich(global::Serilog.Events.LogEvent logEvent, global::Serilog.Core.ILogEventPropertyFactory propertyFactory)
        {
            if (logEvent.Properties.ContainsKey("Password"))
            {
                logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty("Password", "***"));
            }
        }
    }

    [Fact]
    public void FromAppSettings_WithAKeyFile_WritesAVerifiableTrail()
    {
        string json = AppSettings.WriteTo($$"""
            { "Name": "FapilogAuditTrail", "Args": { "path": "{{Json(_set.ConfiguredPath)}}", "keyId": "k1", "keyFile": "{{Json(KeyFile())}}", "rollingInterval": "Infinite", "flushToDisk": "true" } }
            """);
        var logger = AppSettings.Read(json).CreateLogger();
        logger.Audit("Export {Id}", 7);
        logger.Information("skipped");
        ((IDisposable)logger).Dispose();

        Assert.Single(_set.Lines("audit.jsonl"));
        Assert.True(_set.Verify().IsIntact);
    }

    [Fact]
    public void FromAppSettings_WithAnEnvironmentVariable_ReadsTheKeyFromIt()
    {
        string variable = "FAPILOG_TEST_AUDIT_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Convert.ToBase64String(AuditSets.Key1.Material));
        try
        {
            var key = FapilogAuditKey.FromEnvironmentVariable("k1", variable);
            Assert.Equal(AuditSets.Key1.Material, key.Material);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        var error = Assert.Throws<ArgumentException>(() => FapilogAuditKey.FromEnvironmentVariable("k1", variable));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("not set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"keyId\": \"k1\"", "'keyEnvironmentVariable' has no value", "exactly one of keyEnvironmentVariable")]
    [InlineData("\"keyId\": \"k1\", \"keyFile\": \"KEYFILE\", \"keyEnvironmentVariable\": \"X\"", "'keyFile'", "not both")]
    [InlineData("\"keyFile\": \"x\"", "'keyId'", "1 to 64 characters")]
    [InlineData("\"keyId\": \"k1\", \"keyFile\": \"KEYFILE\", \"retainedFileCountLimit\": \"1\"", "'retainedFileCountLimit'", "at least 2")]
    [InlineData("\"keyId\": \"k1\", \"keyFile\": \"KEYFILE\", \"flushToDisk\": \"sometimes\"", "'flushToDisk'", "true, false")]
    [InlineData("\"keyId\": \"k 1\", \"keyFile\": \"KEYFILE\"", "'k 1'", "1 to 64 characters")]
    public void BadConfiguration_NamesTheOptionAndTheValidValues(string args, string named, string valid)
    {
        string json = AppSettings.WriteTo($$"""
            { "Name": "FapilogAuditTrail", "Args": { "path": "{{Json(_set.ConfiguredPath)}}", {{args.Replace("KEYFILE", Json(KeyFile()), StringComparison.Ordinal)}} } }
            """);
        var error = AppSettings.ConfigurationError(json);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(valid, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(AuditSets.Key1.Material), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionsObjectWithoutAKey_NamesTheKeyOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogAuditTrail(new FapilogAuditTrailOptions { Path = _set.ConfiguredPath }));
        Assert.Contains("FapilogAuditTrailOptions.Key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheVerifierTool_ExitsZeroWhenIntact_OneWithTheDamage_TwoOnBadArguments()
    {
        _set.Write(1, 5);
        string key = KeyFile();

        var intact = RunTool(_set.ConfiguredPath, "--key-file", "k1=" + key);
        Assert.Equal(0, intact.ExitCode);
        Assert.StartsWith("INTACT", intact.StdOut, StringComparison.Ordinal);

        var folder = RunTool(_set.Folder, "--key-file", "k1=" + key);
        Assert.Equal(0, folder.ExitCode);

        _set.Rewrite("audit.jsonl", lines => lines.Where((_, i) => i != 2).ToList());
        var damaged = RunTool(_set.ConfiguredPath, "--key-file", "k1=" + key);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains("kind=Deleted", damaged.StdOut, StringComparison.Ordinal);
        Assert.Contains("file=audit.jsonl", damaged.StdOut, StringComparison.Ordinal);

        var usage = RunTool(_set.ConfiguredPath);
        Assert.Equal(2, usage.ExitCode);
        var badKey = RunTool(_set.ConfiguredPath, "--key-env", "k1=FAPILOG_TEST_NO_SUCH_VARIABLE");
        Assert.Equal(2, badKey.ExitCode);
        Assert.Contains("FAPILOG_TEST_NO_SUCH_VARIABLE", badKey.StdErr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string StdOut, string StdErr) RunTool(params string[] args)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "Fapilog.Serilog.AuditVerify.dll");
        Assert.True(File.Exists(tool), "tool not built at " + tool);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the tool did not exit");
        return (process.ExitCode, stdout, stderr.Result);
    }
}
