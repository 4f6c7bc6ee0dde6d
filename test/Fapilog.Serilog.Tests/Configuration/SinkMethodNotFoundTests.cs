namespace Fapilog.Serilog.Tests.Configuration;

/// <summary>The reports Serilog.Settings.Configuration writes to SelfLog for an entry it skips, as of version 10.</summary>
public class SinkMethodNotFoundTests
{
    [Fact]
    public void NoMethodOfThatName_ListsTheNamesOfTheCandidates()
    {
        string line = "2026-12-01T22:09:29.5370456Z Unable to find a method called FapilogFiel. Candidate methods are:\n"
            + "Serilog.LoggerConfiguration FapilogFile(Serilog.Configuration.LoggerSinkConfiguration, System.String, Fapilog.Serilog.FapilogFormat)\n"
            + "Serilog.LoggerConfiguration FapilogFile(Serilog.Configuration.LoggerSinkConfiguration, Fapilog.Serilog.FapilogFileOptions)\n"
            + "Serilog.LoggerConfiguration Console(Serilog.Configuration.LoggerSinkConfiguration)\n";

        var error = SinkMethodNotFound.FromSelfLog(line);

        Assert.NotNull(error);
        Assert.Equal(
            "Fapilog: WriteTo.Fapilog argument 'configure' has the value 'FapilogFiel', a sink that was not found; valid values are Console, FapilogFile. (Parameter 'configure')",
            error.Message);
    }

    [Fact]
    public void NoCandidatesAtAll_SaysSo()
    {
        var error = SinkMethodNotFound.FromSelfLog("Unable to find a method called Seq. No candidates found.");

        Assert.Contains("has the value 'Seq', a sink that was not found; valid values are the sinks of the assemblies Serilog.Settings.Configuration scans (it found none).", error!.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unable to find a method called File for supplied arguments: pth, rollingInterval. Candidate methods are:\r\nFile(path, rollingInterval)\r\nFile(formatter, path)", "with the arguments pth, rollingInterval, which no File method takes; valid values are File(path, rollingInterval); File(formatter, path).")]
    [InlineData("Unable to find a method called File with no supplied arguments. Candidate methods are:\nFile(path)", "with the arguments none, which no File method takes; valid values are File(path).")]
    public void ArgumentsNoOverloadTakes_ListTheOverloads(string line, string expected)
    {
        var error = SinkMethodNotFound.FromSelfLog(line);

        Assert.EndsWith(expected + " (Parameter 'configure')", error!.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AReportInAnotherWording_IsQuotedAsItIs()
    {
        var error = SinkMethodNotFound.FromSelfLog("Unable to find a method called Weird");

        Assert.Contains("has an entry Serilog.Settings.Configuration skipped (Unable to find a method called Weird)", error!.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void OtherLines_AreNotErrors() => Assert.Null(SinkMethodNotFound.FromSelfLog("Fapilog pipeline 'main': dropped 3 events (queue_full) in the last 10 s"));
}
