using System;
using System.Buffers;
using System.IO;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>
/// Reads a file's lines as bytes, each with its <c>\n</c>; a last line without one (a write cut short) is
/// returned as incomplete. One pass forward, bounded memory: used by recovery and by the verifier.
/// </summary>
internal sealed class AuditLineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private bool _eof;

    public AuditLineReader(Stream stream) => _stream = stream;

    /// <summary>
    /// The longest line read, line break included: more than the trail writes (<see cref="AuditLine.MaxLineBytes"/>),
    /// so that a hostile file (one endless line, a gzip bomb) is named, not read into memory whole.
    /// </summary>
    public bool TooLong { get; private set; }

    /// <summary>The next line; false at the end of the file.</summary>
    /// <param name="line">The line's bytes, with its <c>\n</c> when <paramref name="complete"/>.</param>
    /// <param name="complete">Whether the line ends with <c>\n</c>.</param>
    public bool TryRead(out byte[] line, out bool complete)
    {
        ArrayBufferWriter<byte>? longLine = null;
        while (!TooLong)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var piece = _buffer.AsSpan(_start, newline + 1);
                _start += newline + 1;
                line = Join(longLine, piece);
                complete = true;
                return true;
            }

            if (_eof)
            {
                var piece = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                complete = false;
                if (piece.IsEmpty && longLine is null)
                {
                    line = Array.Empty<byte>();
                    return false;
                }

                line = Join(longLine, piece);
                return true;
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                // A line longer than the buffer: keep its start aside and read on.
                longLine ??= new ArrayBufferWriter<byte>();
                longLine.Write(_buffer.AsSpan(0, _end));
                _start = _end = 0;
                TooLong = longLine.WrittenCount > AuditLine.MaxLineBytes;
            }

            Fill();
        }

        // Nothing more is read from a file with a line too long: the caller names it.
        line = Array.Empty<byte>();
        complete = false;
        return false;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private static byte[] Join(ArrayBufferWriter<byte>? head, ReadOnlySpan<byte> piece)
    {
        if (head is null)
        {
            return piece.ToArray();
        }

        head.Write(piece);
        return head.WrittenSpan.ToArray();
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
