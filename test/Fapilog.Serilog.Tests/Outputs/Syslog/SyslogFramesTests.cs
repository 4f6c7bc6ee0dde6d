using System;
using System.Buffers;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Outputs.Syslog;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>The framing and field rules on their own (the rsyslog tests show them end to end).</summary>
public sealed class SyslogFramesTests
{
    [Fact]
    public void AnOctetCountedFrame_CountsBytes_NotCharacters()
    {
        var output = new ArrayBufferWriter<byte>();
        SyslogFrames.AppendOctetCounted(Encoding.UTF8.GetBytes("<14>1 é"), output);
        Assert.Equal("8 <14>1 é", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(11, 10)]
    [InlineData(12, 12)]
    public void ACut_NeverSplitsAUtf8Sequence(int limit, int expected)
    {
        byte[] text = Encoding.UTF8.GetBytes("0123456789éé");
        Assert.Equal(expected, SyslogFrames.Utf8Boundary(text, limit));
    }

    [Fact]
    public void TheStructuredData_IsFoundPastEscapedBrackets()
    {
        byte[] message = Encoding.ASCII.GetBytes("<14>1 - h a 1 - [x@1 v=\"a\\]b\\\"c\"][y@2 w=\"]\"] text");
        int start = SyslogFrames.StructuredDataStart(message);
        int end = SyslogFrames.StructuredDataEnd(message, start);
        Assert.Equal("[x@1 v=\"a\\]b\\\"c\"][y@2 w=\"]\"]", Encoding.ASCII.GetString(message[start..end]));
    }

    [Theory]
    [InlineData("fapilog@32473", true)]
    [InlineData("ours@1.2.3", true)]
    [InlineData("fapilog", false)]
    [InlineData("a@", false)]
    [InlineData("a@1..2", false)]
    [InlineData("a b@1", false)]
    [InlineData("a=b@1", false)]
    [InlineData("a@1@2", false)]
    public void AnSdId_IsANameAtAnEnterpriseNumber(string id, bool valid) => Assert.Equal(valid, SyslogFields.IsSdId(id));

    [Fact]
    public void HeaderFields_AreFittedToPrintableAscii_AndTheirLength()
    {
        Assert.Equal("-", SyslogFields.Header("", 32));
        Assert.Equal("a_b_c", SyslogFields.Header("a b\u00e9c", 32));
        Assert.Equal(new string('x', 48), SyslogFields.Header(new string('x', 60), SyslogFields.AppNameLength));
        Assert.Equal("a_b_c_d", SyslogFields.SdName("a=b]c\"d"));
    }

    [Fact]
    public void EveryControlCharacter_IsWrittenAsHashAndOctal()
    {
        var output = new ArrayBufferWriter<byte>();
        string all = new(Enumerable.Range(0, 0xA0).Select(i => (char)i).Where(c => c < ' ' || c >= '\u007f').ToArray());
        SyslogFields.AppendText(all, output);
        string written = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.DoesNotContain(written, c => char.IsControl(c));
        Assert.StartsWith("#000#001#002", written, StringComparison.Ordinal);
        Assert.EndsWith("#236#237", written, StringComparison.Ordinal);
    }
}
