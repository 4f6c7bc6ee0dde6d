using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Fapilog.Serilog.Delivery.Spool;

/// <summary>A place in the spool: a segment and a byte offset in it.</summary>
internal readonly record struct SpoolPosition(long Segment, long Offset);

/// <summary>
/// The files of one spool folder: numbered segment files (<c>0000000000000001.spool</c>, ...) holding records in
/// order, the <c>cursor</c> (how far delivery has got) and the <c>lock</c> that keeps a second process out.
/// </summary>
internal static class SpoolFiles
{
    public const string Extension = ".spool";
    private const string CursorName = "cursor";
    private const int CursorSize = 24;

    public static string SegmentPath(string folder, long id) =>
        Path.Combine(folder, id.ToString("D16", CultureInfo.InvariantCulture) + Extension);

    /// <summary>The segment numbers present, in order.</summary>
    public static List<long> Segments(string folder)
    {
        var ids = new List<long>();
        foreach (string path in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0)
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        return ids;
    }

    /// <summary>Takes the folder's lock, or null when another process (or output) holds it.</summary>
    public static FileStream? TryLock(string folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The committed position, or null when there is no intact cursor (then delivery starts at the first segment).</summary>
    public static SpoolPosition? ReadCursor(string folder)
    {
        string path = Path.Combine(folder, CursorName);
        if (!File.Exists(path))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[CursorSize];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        if (file.Read(bytes) != CursorSize)
        {
            return null;
        }

        long segment = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        long offset = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        ulong check = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        return check == SpoolRecord.Checksum(bytes[..16], ReadOnlySpan<byte>.Empty) && segment > 0 && offset >= 0
            ? new SpoolPosition(segment, offset)
            : null;
    }

    /// <summary>Opens the cursor file for <see cref="WriteCursor"/>.</summary>
    public static FileStream OpenCursor(string folder) =>
        new(Path.Combine(folder, CursorName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);

    /// <summary>Overwrites the cursor in place: one 24-byte write, so it is either the old cursor or the new one.</summary>
    public static void WriteCursor(FileStream cursor, SpoolPosition position)
    {
        Span<byte> bytes = stackalloc byte[CursorSize];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, position.Segment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], position.Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], SpoolRecord.Checksum(bytes[..16], ReadOnlySpan<byte>.Empty));
        RandomAccess.Write(cursor.SafeFileHandle, bytes, 0);
    }

    /// <summary>Opens a segment for writing (creating it); writes go at explicit offsets.</summary>
    public static FileStream OpenForAppend(string folder, long id) =>
        new(SegmentPath(folder, id), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete, 1);

    public static FileStream OpenForRead(string folder, long id) =>
        new(SegmentPath(folder, id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
}
