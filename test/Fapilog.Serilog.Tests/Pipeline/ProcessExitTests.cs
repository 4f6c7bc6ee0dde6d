using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Pipeline;

public class ProcessExitTests
{
    [Fact]
    public void ChildThatReturnsWithoutCloseAndFlush_StillGetsEveryEventWritten()
    {
        using var folder = new TempFolder();
        string file = folder.File("out.log");

        var (exitCode, _) = ChildProcess.RunProbe("return", file, "5000");

        Assert.Equal(0, exitCode);
        var lines = File.ReadAllLines(file);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"Event {i}"), lines);
    }

    [Fact]
    public void ChildThatDiesOfAnUnhandledException_StillWritesTheFatalEvent()
    {
        using var folder = new TempFolder();
        string file = folder.File("out.log");

        var (exitCode, stderr) = ChildProcess.RunProbe("crash", file, "1000");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("unhandled on purpose", stderr, System.StringComparison.Ordinal);
        var lines = File.ReadAllLines(file);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"Event {i}").Append("Dying 1000"), lines);
    }
}
