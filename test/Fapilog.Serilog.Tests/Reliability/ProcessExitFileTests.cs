using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// A child process logging through the real file output ends without <c>Log.CloseAndFlush()</c>: by returning, by
/// an unhandled exception, or by SIGKILL after a flush. The events must be in the file.
/// </summary>
public class ProcessExitFileTests
{
    [Fact]
    public void ChildThatReturnsWithoutCloseAndFlush_FileHasEveryEvent()
    {
        using var folder = new TempFolder();
        string file = folder.File("app.jsonl");

        var (exitCode, stderr) = ChildProcess.RunProbe("file-return", file, "5000");

        Assert.True(exitCode == 0, stderr);
        var lines = EnvelopeLines(file);
        Assert.Equal(Enumerable.Range(0, 5000), lines.Select(NumberOf));
    }

    [Fact]
    public void ChildThatDiesOfAnUnhandledExceptionAfterLogFatal_FileHasEveryEventAndTheFatalOne()
    {
        using var folder = new TempFolder();
        string file = folder.File("app.jsonl");

        var (exitCode, stderr) = ChildProcess.RunProbe("file-crash", file, "1000");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("unhandled on purpose", stderr, StringComparison.Ordinal);
        var lines = EnvelopeLines(file);
        Assert.Equal(1001, lines.Count);
        Assert.Equal(Enumerable.Range(0, 1000), lines.Take(1000).Select(NumberOf));
        var fatal = lines[1000].GetProperty("log");
        Assert.Equal("CRITICAL", fatal.GetProperty("level").GetString());
        Assert.Equal("Dying 1000", fatal.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ChildKilledRightAfterAFlushWithFlushToDisk_FileHasEveryFlushedEvent()
    {
        using var folder = new TempFolder();
        string file = folder.File("app.jsonl");
        using var probe = ChildProcess.StartProbe("file-kill", file, "3000");
        var stderr = probe.StandardError.ReadToEndAsync();
        try
        {
            // Generous: only a hang trips it.
            string? line = await probe.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(line == "flushed", $"the probe said '{line}'");
        }
        finally
        {
            probe.Kill(); // SIGKILL on Linux: no ProcessExit handler, no finalizer, nothing runs after this
            Assert.True(probe.WaitForExit(60_000), "the killed probe did not exit");
        }

        Assert.NotEqual(0, probe.ExitCode);
        var lines = EnvelopeLines(file);
        Assert.True(lines.Count == 3000, await stderr);
        Assert.Equal(Enumerable.Range(0, 3000), lines.Select(NumberOf));
    }

    [Fact]
    public async Task ChildStoppedWithSigterm_WithoutAnyFlush_FileHasEveryEvent()
    {
        using var folder = new TempFolder();
        string file = folder.File("app.jsonl");

        var (exitCode, stderr) = await TerminateProbe("file-term", file, 3000);

        var lines = EnvelopeLines(file);
        Assert.True(lines.Count == 3000, $"{lines.Count} lines, exit code {exitCode}: {stderr}");
        Assert.Equal(Enumerable.Range(0, 3000), lines.Select(NumberOf));
    }

    [Fact]
    public async Task ChildWithASerilog4BatchedSink_StoppedWithSigterm_TheSinkHasReceivedEveryEvent()
    {
        using var folder = new TempFolder();
        string file = folder.File("batched.txt");

        var (exitCode, stderr) = await TerminateProbe("batched-term", file, 3000);

        Assert.True(File.Exists(file), $"the batched sink received nothing; exit code {exitCode}: {stderr}");
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"Event {i}"), File.ReadAllLines(file));
    }

    /// <summary>Starts the probe, waits until it has logged, sends SIGTERM and waits for it to end.</summary>
    private static async Task<(int ExitCode, string StdErr)> TerminateProbe(string mode, string file, int count)
    {
        using var probe = ChildProcess.StartProbe(mode, file, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stderr = probe.StandardError.ReadToEndAsync();
        try
        {
            string? line = await probe.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(line == "logged", $"the probe said '{line}'");
            using var term = Process.Start("kill", new[] { "-TERM", probe.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.True(term.WaitForExit(60_000) && term.ExitCode == 0, "kill -TERM failed");
            Assert.True(probe.WaitForExit(60_000), "the probe did not exit on SIGTERM");
        }
        finally
        {
            if (!probe.HasExited)
            {
                probe.Kill();
            }
        }

        return (probe.ExitCode, await stderr);
    }

    /// <summary>Every line of the file, each parsed as JSON.</summary>
    private static List<JsonElement> EnvelopeLines(string file)
    {
        Assert.True(File.Exists(file), "no file at " + file);
        return Batches.ReadShared(file)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.Clone();
            })
            .ToList();
    }

    private static int NumberOf(JsonElement line) => line.GetProperty("log").GetProperty("data").GetProperty("N").GetInt32();
}
