using System;

namespace Fapilog.Serilog;

/// <summary>
/// A dotted path to a value, matched case-insensitively: <c>user.password</c>, <c>user.*.password</c> (<c>*</c> is
/// exactly one segment), <c>*.token</c>, <c>request.**.secret</c> (<c>**</c> is any number of segments, none included).
/// </summary>
/// <remarks>
/// The first segment is the event's property name; then come structure field names and dictionary keys. Sequences
/// add no segment: <c>user.cards.number</c> reaches the <c>number</c> of every element of <c>user.cards</c>.
/// </remarks>
internal sealed class PathPattern
{
    private readonly string[] _segments;

    public PathPattern(string path)
    {
        _segments = path.Split('.', StringSplitOptions.TrimEntries);
    }

    /// <summary>Whether <paramref name="path"/>[0, <paramref name="depth"/>) is this pattern.</summary>
    public bool Matches(string[] path, int depth) => Match(0, path, 0, depth);

    /// <summary>Whether a path text is one this type accepts: segments that are not empty.</summary>
    public static bool IsValid(string? path) =>
        !string.IsNullOrWhiteSpace(path) && Array.TrueForAll(path.Split('.', StringSplitOptions.TrimEntries), s => s.Length > 0);

    private bool Match(int p, string[] path, int i, int depth)
    {
        while (p < _segments.Length)
        {
            string segment = _segments[p];
            if (segment == "**")
            {
                for (int skip = i; skip <= depth; skip++)
                {
                    if (Match(p + 1, path, skip, depth))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (i >= depth || (segment != "*" && !string.Equals(segment, path[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            p++;
            i++;
        }

        return i == depth;
    }
}
