using System.Text.Json;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// The scratch <see cref="Utf8JsonWriter"/> lent out by <see cref="SpanJsonWriter.BorrowJson"/>, appending to the
/// line's output. Disposing flushes it, which hands its bytes to the output before the span writer goes on; a
/// <c>using</c> makes the hand-back impossible to forget. A ref struct, so a loan costs no allocation and cannot
/// outlive the line.
/// </summary>
internal readonly ref struct BorrowedJsonWriter
{
    public BorrowedJsonWriter(Utf8JsonWriter writer) => Writer = writer;

    public Utf8JsonWriter Writer { get; }

    public void Dispose() => Writer.Flush();
}
