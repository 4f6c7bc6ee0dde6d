using System;

namespace Fapilog.Serilog;

/// <summary>The quick test of the secret assignments: is there an <c>=</c> or <c>:</c> whose key is a secret?</summary>
internal static partial class ValueDetectors
{
    private const int MaxKeyLength = 64;

    /// <summary>
    /// False when <see cref="AssignmentRegex"/> has no match in <paramref name="text"/> whose key <paramref name="names"/>
    /// takes for a secret: the expression's key for each separator is found as it defines one, and only a secret key
    /// leaves the text to the expression. A URL, a route template or a time of day has none: nothing to run.
    /// </summary>
    /// <remarks>
    /// The expression's key is <c>[A-Za-z][A-Za-z0-9_.\-]{0,63}</c>, after none of <c>[A-Za-z0-9_.\-/\\]</c>, then an
    /// optional quote, white space and the separator. The characters after the key cannot be key characters, nor can the
    /// one before it, so for each separator there is one key at most: the whole run of key characters before it. A
    /// character outside ASCII next to or in that run leaves the text to the expression (case-insensitive classes may
    /// take a Kelvin sign for a k).
    /// </remarks>
    internal static bool MayAssignSecret(string text, KeyNameMatcher names)
    {
        int from = 0;
        while (from < text.Length)
        {
            int at = text.AsSpan(from).IndexOfAny('=', ':');
            if (at < 0)
            {
                return false;
            }

            at += from;
            if (KeyBeforeMayBeSecret(text, at, names))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    private static bool KeyBeforeMayBeSecret(string text, int separator, KeyNameMatcher names)
    {
        int end = separator;
        while (end > 0 && char.IsWhiteSpace(text[end - 1])) // \s is char.IsWhiteSpace's set
        {
            end--;
        }

        if (end > 0 && text[end - 1] is '"' or '\'')
        {
            end--;
        }

        int start = end;
        while (start > 0 && IsKeyChar(text[start - 1]))
        {
            start--;
        }

        if (start > 0 && text[start - 1] > '\x7f')
        {
            return true;
        }

        if (start == end || end - start > MaxKeyLength || !char.IsAsciiLetter(text[start]) || (start > 0 && text[start - 1] is '/' or '\\'))
        {
            return false;
        }

        return names.IsSecret(text.AsSpan(start, end - start));
    }

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
