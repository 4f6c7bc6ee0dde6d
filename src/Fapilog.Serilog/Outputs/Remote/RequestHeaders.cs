using System;
using System.Net.Http;

namespace Fapilog.Serilog.Outputs.Remote;

/// <summary>The rules a configured request header must follow, checked when the output is configured rather than on every request.</summary>
internal static class RequestHeaders
{
    // Set by the HTTP stack from the request itself; a configured value would be ignored or break the framing.
    private static readonly string[] Reserved = { "Content-Length", "Host", "Transfer-Encoding", "Connection", "Content-Encoding" };

    /// <summary>
    /// What is wrong with one header, or null. The name is tried on a scratch request, as the transport adds it (request
    /// headers, else content headers), so a name HTTP would refuse fails here rather than on every request.
    /// </summary>
    public static string? Problem(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(name) || !IsPrintableAscii(name))
        {
            return "not a header name";
        }

        if (Array.Exists(Reserved, r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)))
        {
            return "set by the output itself";
        }

        if (value is null || !IsPrintableAscii(value))
        {
            return "its value is not printable ASCII on one line";
        }

        using var scratch = new HttpRequestMessage();
        using var content = new ByteArrayContent(Array.Empty<byte>());
        return scratch.Headers.TryAddWithoutValidation(name, value) || content.Headers.TryAddWithoutValidation(name, value)
            ? null
            : "not a header name HTTP accepts on a request";
    }

    /// <summary>Adds the configured headers to a request: request headers, else content headers (a user's Content-Type replaces ours).</summary>
    public static void Add(HttpRequestMessage request, HttpContent content, (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    // Tab is allowed inside a value; any other control character (CR and LF above all) or non-ASCII one is not.
    private static bool IsPrintableAscii(string text)
    {
        foreach (char c in text)
        {
            if (c is (< ' ' and not '\t') or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
