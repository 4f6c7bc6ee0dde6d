using System;
using System.IO;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>An in-memory stream that counts writes and flushes, and can be told to fail the next writes.</summary>
internal sealed class CountingStream : MemoryStream
{
    public int Writes { get; private set; }

    public int Flushes { get; private set; }

    public int FailNextWrites { get; set; }

    public bool IsDisposed { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count();

        // MemoryStream's span overload calls back into the array overload for subclasses: skip the virtual hop.
        base.Write(buffer.ToArray(), 0, buffer.Length);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Count();
        base.Write(buffer, offset, count);
    }

    public override void Flush()
    {
        Flushes++;
        base.Flush();
    }

    public string Text => System.Text.Encoding.UTF8.GetString(ToArray());

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private void Count()
    {
        Writes++;
        if (FailNextWrites > 0)
        {
            FailNextWrites--;
            throw new IOException("No space left on device (injected)");
        }
    }
}
