using System.IO;
using System.Text;
using Fapilog.Serilog.Outputs;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs;

public class IncompleteLineRepairTests
{
    [Theory]
    [InlineData("{\"a\":1}\n{\"b\":2}\n{\"c\":", "{\"a\":1}\n{\"b\":2}\n", 5)]
    [InlineData("{\"a\":1}\n", "{\"a\":1}\n", 0)]
    [InlineData("{\"half", "{\"half", 0)] // no line break at all: not cut
    [InlineData("", "", 0)]
    public void Repair_CutsTheFileBackToItsLastWholeLine(string content, string expected, long removed)
    {
        using var folder = new TempFolder();
        string path = folder.File("app.jsonl");
        File.WriteAllText(path, content);

        Assert.Equal(removed, IncompleteLineRepair.Repair(path));
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void Repair_FindsTheLastNewlineAcrossReadChunks()
    {
        using var folder = new TempFolder();
        string path = folder.File("app.jsonl");
        string fragment = new('x', 200_000);
        File.WriteAllText(path, "{\"a\":1}\n" + fragment, Encoding.UTF8);

        Assert.Equal(200_000, IncompleteLineRepair.Repair(path));
        Assert.Equal("{\"a\":1}\n", File.ReadAllText(path));
    }

    [Fact]
    public void FileOutput_RestartingAfterAHalfWrittenLine_AppendsWholeLinesOnly()
    {
        using var folder = new TempFolder();
        string path = folder.File("app.log");
        File.WriteAllText(path, "Event 0\nEvent 1\nEve");
        var logger = new LoggerConfiguration()
            .WriteTo.FapilogFile(new global::Serilog.Formatting.Display.MessageTemplateTextFormatter("{Message}{NewLine}"), path, rollingInterval: FapilogRollingInterval.Infinite)
            .CreateLogger();

        logger.Information("Event {N}", 2);
        logger.Dispose();

        Assert.Equal(new[] { "Event 0", "Event 1", "Event 2" }, File.ReadAllLines(path));
    }

    [Fact]
    public void Repair_LeavesAFileAloneWhileSomeoneElseHasItOpen()
    {
        using var folder = new TempFolder();
        string path = folder.File("app.jsonl");
        File.WriteAllText(path, "{\"a\":1}\n{\"b\":");
        using var other = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);

        Assert.Equal(0, IncompleteLineRepair.Repair(path));
        other.Dispose();
        Assert.Equal("{\"a\":1}\n{\"b\":", File.ReadAllText(path));
    }
}
