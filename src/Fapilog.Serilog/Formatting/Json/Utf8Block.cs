using System;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// A short piece of pre-encoded JSON (a key with its punctuation, a fixed answer) kept at the start of an array
/// of <see cref="Size"/> bytes, so that <see cref="SpanJsonWriter.Block"/> writes it with a copy of constant size:
/// a few vector moves, where a copy of an array of any length is a call. For the pieces written per event.
/// </summary>
internal readonly struct Utf8Block
{
    public const int Size = 32;

    private readonly byte[] _padded;

    public Utf8Block(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Size)
        {
            throw new ArgumentException($"A block holds at most {Size} bytes.", nameof(bytes));
        }

        _padded = new byte[Size];
        bytes.CopyTo(_padded);
        Length = bytes.Length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Bytes => _padded.AsSpan(0, Length);

    /// <summary>The bytes and the padding after them: <see cref="Size"/> bytes.</summary>
    public ReadOnlySpan<byte> Padded => _padded.AsSpan(0, Size);
}
