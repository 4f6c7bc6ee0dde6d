using System;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>What an id taken from a request may look like: 1 to the limit's characters of letters, digits and
/// <c>- _ . : / @ +</c> (no spaces, quotes, control characters or line breaks, so it cannot forge or break log lines).</summary>
internal static class RequestIds
{
    public static bool IsValid(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':' or '/' or '@' or '+';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static string New() => Guid.NewGuid().ToString("N");
}
