using System.Buffers;
using System.Text;
using System.Text.Json;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>The span writer lends its escaping writer out and takes the line back in order.</summary>
public class SpanJsonWriterTests
{
    [Fact]
    public void BorrowJson_BytesOfTheLoanLandBetweenTheSpanWritersBytes()
    {
        var output = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        var w = new SpanJsonWriter(output, json);

        w.Literal("[1,"u8);
        using (var loan = w.BorrowJson())
        {
            loan.Writer.WriteStringValue("a\"b");
        }

        w.Literal(",2,"u8);
        w.String("needs \\ escaping"); // borrows internally
        w.Byte((byte)']');
        w.Complete();

        Assert.Equal("[1,\"a\\u0022b\",2,\"needs \\\\ escaping\"]", Encoding.UTF8.GetString(output.WrittenSpan));
    }

#if DEBUG
    [Fact]
    public void BorrowJson_WritingToTheLineBeforeTheLoanIsDisposed_IsCaught()
    {
        var broken = Assert.Throws<InvariantViolationException>(() =>
        {
            var output = new ArrayBufferWriter<byte>();
            using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
            var w = new SpanJsonWriter(output, json);
            var loan = w.BorrowJson();
            loan.Writer.WriteStringValue("pending");
            w.Byte((byte)','); // would land before the loan's unflushed bytes
        });

        Assert.Contains("borrowed", broken.Message, System.StringComparison.Ordinal);
    }
#endif
}
