using System;
using System.Text;
using System.Text.RegularExpressions;

namespace Fapilog.Serilog.Outputs.Remote;

/// <summary>
/// A configured URL as an error message may show it: the user information (<c>user:password@</c>) and the values of the
/// query are masked, since both are where a URL carries credentials (a password, an API key, a signed token).
/// </summary>
/// <remarks>Works on the text, so a URL that does not parse (the very one a message is about) is masked too.</remarks>
internal static class UrlText
{
    private const string Mask = "***";
    private static readonly char[] AuthorityEnds = { '/', '?', '#' };
    private static readonly Regex UserInfoInText = new(@"(?<=://)[^/?#@\s'""]+@", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static string Shown(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return url ?? string.Empty;
        }

        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int authority = scheme < 0 ? 0 : scheme + 3;
        int authorityEnd = url.IndexOfAny(AuthorityEnds, authority);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var shown = new StringBuilder(url.Length);
        int at = authorityEnd > authority ? url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authority) : -1;
        if (at >= 0)
        {
            shown.Append(url, 0, authority).Append(Mask).Append(url, at, authorityEnd - at);
        }
        else
        {
            shown.Append(url, 0, authorityEnd);
        }

        int query = url.IndexOf('?', authorityEnd);
        int fragment = url.IndexOf('#', authorityEnd);
        int pathEnd = query >= 0 ? query : fragment >= 0 ? fragment : url.Length;
        shown.Append(url, authorityEnd, pathEnd - authorityEnd);
        if (query >= 0)
        {
            int queryEnd = fragment > query ? fragment : url.Length;
            shown.Append('?');
            string[] pairs = url.Substring(query + 1, queryEnd - query - 1).Split('&');
            for (int i = 0; i < pairs.Length; i++)
            {
                int equals = pairs[i].IndexOf('=', StringComparison.Ordinal);
                // A bare value (?token) may be the secret itself: only a name before '=' is kept.
                shown.Append(i == 0 ? string.Empty : "&").Append(equals < 0 ? Mask : pairs[i][..(equals + 1)] + Mask);
            }
        }

        return fragment >= 0 ? shown.Append('#').Append(Mask).ToString() : shown.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> (an exception's message) with the user information of every URL in it masked: .NET names a
    /// proxy's URL, credentials included, when its tunnel fails, and the message goes into errors and SelfLog.
    /// </summary>
    public static string MaskUserInfoIn(string text) => UserInfoInText.Replace(text, Mask + "@");

    /// <summary>True when the URL has user information, which the HTTP client would not send (it never turns it into a header).</summary>
    public static bool HasUserInfo(Uri url) => url.UserInfo.Length > 0;
}
