using System;
using System.Buffers;
using System.Text;

namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>
/// The field rules of RFC 5424: header fields are PRINTUSASCII (33 to 126) within their lengths, an SD-NAME also
/// excludes <c>= ] "</c> and space, and a PARAM-VALUE escapes <c>" \ ]</c>. Text that breaks a rule is made to fit, never
/// refused: a log event is always sent.
/// </summary>
internal static class SyslogFields
{
    public const int HostnameLength = 255;
    public const int AppNameLength = 48;
    public const int ProcIdLength = 128;
    public const int MsgIdLength = 32;
    public const int SdNameLength = 32;

    /// <summary>The NILVALUE of an empty field.</summary>
    public const string Nil = "-";

    private static readonly SearchValues<char> NotInSdName = SearchValues.Create("= ]\"");
    private static readonly SearchValues<char> EnterpriseNumber = SearchValues.Create("0123456789.");

    public static bool IsPrintUsAscii(string text)
    {
        foreach (char c in text)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="id"/> is an SD-ID of ours to use: <c>name@digits(.digits)*</c>, an SD-NAME in length and characters.</summary>
    public static bool IsSdId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > SdNameLength || !IsPrintUsAscii(id) || id.AsSpan().IndexOfAny(NotInSdName) >= 0)
        {
            return false;
        }

        int at = id.IndexOf('@', StringComparison.Ordinal);
        if (at < 1 || at != id.LastIndexOf('@') || at == id.Length - 1)
        {
            return false;
        }

        string number = id[(at + 1)..];
        return number[0] != '.' && number[^1] != '.' && !number.Contains("..", StringComparison.Ordinal)
            && number.AsSpan().IndexOfAnyExcept(EnterpriseNumber) < 0;
    }

    /// <summary>A header field: characters outside PRINTUSASCII become <c>_</c>, cut to <paramref name="length"/>; empty is <c>-</c>.</summary>
    public static string Header(string? text, int length)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Nil;
        }

        if (text.Length <= length && IsPrintUsAscii(text))
        {
            return text; // the usual case: nothing to fit, no copy
        }

        var chars = new char[Math.Min(text.Length, length)];
        for (int i = 0; i < chars.Length; i++)
        {
            char c = text[i];
            chars[i] = c is < '!' or > '~' ? '_' : c;
        }

        return new string(chars);
    }

    /// <summary>An SD-NAME (a PARAM-NAME): PRINTUSASCII without <c>= ] "</c> and space, others become <c>_</c>, cut to 32.</summary>
    public static string SdName(string name)
    {
        string header = Header(name, SdNameLength);
        return header.AsSpan().IndexOfAny(NotInSdName) < 0 ? header : header.Replace('=', '_').Replace(']', '_').Replace('"', '_');
    }

    /// <summary>
    /// Appends message text as UTF-8 with nothing in it that could end a frame or a line: every control character (C0,
    /// DEL and C1) is written as <c>#</c> and its three octal digits, as rsyslog escapes them (a line break is
    /// <c>#012</c>), and the line and paragraph separators as <c>#u2028</c> and <c>#u2029</c>. Lone surrogates become U+FFFD.
    /// </summary>
    public static void AppendText(string text, IBufferWriter<byte> output) => Append(text, output, escapeSdValue: false);

    /// <summary>Appends a PARAM-VALUE: as <see cref="AppendText"/>, with <c>"</c>, <c>\</c> and <c>]</c> escaped by a backslash.</summary>
    public static void AppendParamValue(string text, IBufferWriter<byte> output) => Append(text, output, escapeSdValue: true);

    public static void AppendAscii(string text, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }

    private static void Append(string text, IBufferWriter<byte> output, bool escapeSdValue)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool control = c < ' ' || (c >= '\u007f' && c <= '\u009f') || c is '\u2028' or '\u2029';
            bool sd = escapeSdValue && c is '"' or '\\' or ']';
            if (!control && !sd)
            {
                continue;
            }

            Utf8(text.AsSpan(start, i - start), output);
            start = i + 1;
            if (sd)
            {
                var two = output.GetSpan(2);
                two[0] = (byte)'\\';
                two[1] = (byte)c;
                output.Advance(2);
            }
            else if (c is '\u2028' or '\u2029')
            {
                AppendAscii(c == '\u2028' ? "#u2028" : "#u2029", output);
            }
            else
            {
                var four = output.GetSpan(4);
                four[0] = (byte)'#';
                four[1] = (byte)('0' + ((c >> 6) & 7));
                four[2] = (byte)('0' + ((c >> 3) & 7));
                four[3] = (byte)('0' + (c & 7));
                output.Advance(4);
            }
        }

        Utf8(text.AsSpan(start), output);
    }

    private static void Utf8(ReadOnlySpan<char> chars, IBufferWriter<byte> output)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        // The default UTF-8 encoding replaces a lone surrogate with U+FFFD instead of throwing.
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        output.Advance(Encoding.UTF8.GetBytes(chars, span));
    }
}
