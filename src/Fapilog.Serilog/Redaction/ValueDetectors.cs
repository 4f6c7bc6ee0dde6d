using System;
using System.Text.RegularExpressions;

namespace Fapilog.Serilog;

/// <summary>The value patterns the presets are made of. Every expression is bounded by a match timeout: one that runs away fails closed.</summary>
internal static partial class ValueDetectors
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const int TimeoutMs = 1000;

    /// <summary>scheme://user:password@host — the user information is masked.</summary>
    public static ValueDetector UrlCredentials { get; } = new(
        "url-credentials", t => t.Contains("://", StringComparison.Ordinal) && t.Contains('@'), UrlRegex(), needs: Needs(":/@"));

    /// <summary><c>Password=…;</c> / <c>Pwd=…</c> in a connection string: the value up to the next <c>;</c> is masked.</summary>
    public static ValueDetector ConnectionStringPassword { get; } = new(
        "connection-string-password", t => t.Contains('='), ConnectionStringRegex(), needs: Needs("=pwd"));

    /// <summary><c>Bearer …</c> and <c>Basic …</c> credentials (an Authorization header's value).</summary>
    /// <remarks>
    /// Any white space may follow the word (the expression's <c>\s+</c>: a tab, a line break, a no-break space), so
    /// neither quick test asks for a space: when they did, <c>Bearer</c> and a tab let the token through unmasked.
    /// </remarks>
    public static ValueDetector BearerToken { get; } = new(
        "bearer", t => t.Contains("earer", StringComparison.OrdinalIgnoreCase) || t.Contains("asic", StringComparison.OrdinalIgnoreCase), BearerRegex(), needs: Needs("bearer", "basic"));

    /// <summary>A JSON web token: three base64url parts, the first two JSON objects (<c>eyJ…</c>).</summary>
    public static ValueDetector Jwt { get; } = new("jwt", t => t.Contains("eyJ", StringComparison.Ordinal), JwtRegex(), needs: Needs("eyj."));

    /// <summary>A PEM private key block, to its END line (or to the end of the text when that is missing).</summary>
    public static ValueDetector PrivateKey { get; } = new(
        "private-key", t => t.Contains("PRIVATE KEY", StringComparison.Ordinal), PrivateKeyRegex(), needs: Needs("- privatekey"));

    /// <summary>AWS access key ids, GitHub tokens, Slack tokens and webhooks, Stripe live keys, Google API keys.</summary>
    /// <remarks>
    /// Its shape needs are one per alternative of the expression (the letters of each AWS prefix, AIza, gh_, xo-,
    /// _live, hooks.slack), not just "an a": a text with an "a" in it, nearly every text, is not a candidate for that alone.
    /// </remarks>
    public static ValueDetector CloudKeys { get; } = new(
        "cloud-keys", MayBeCloudKey, CloudKeyRegex(),
        needs: Needs("aki", "asi", "agp", "aid", "aro", "anp", "anv", "aip", "aiz", "gh_", "xo-", "_live", "hooks.slack"));

    /// <summary>A card number: 13 to 19 digits (spaces or dashes between them allowed) that pass the Luhn check.</summary>
    public static ValueDetector CardNumber { get; } = new("card-number", HasThirteenDigits, CardRegex(), m => Luhn.IsValid(m.ValueSpan), minDigits: 13);

    /// <summary>An email address.</summary>
    public static ValueDetector Email { get; } = new("email", t => t.Contains('@'), EmailRegex(), needs: Needs("@."));

    /// <summary>An IPv4 or IPv6 address.</summary>
    public static ValueDetector IpAddress { get; } = new("ip-address", t => t.Contains('.') || t.Contains(':'), IpRegex(), needs: Needs(".", ":"));

    /// <summary>A US social security number, <c>123-45-6789</c>.</summary>
    public static ValueDetector SocialSecurityNumber { get; } = new("ssn", t => t.Contains('-'), SsnRegex(), needs: Needs("-"), minDigits: 9);

    /// <summary>
    /// <c>name=value</c> and <c>name: value</c> inside text (a query string, a message) whose name is a secret by the
    /// key-name rules: <c>?token=abc</c>, <c>password: hunter2</c>, <c>aws_secret_access_key=…</c>. The value is masked.
    /// Its quick test asks the key-name rules about each separator's key (ValueDetectors.Assignments.cs).
    /// </summary>
    public static ValueDetector Assignments(KeyNameMatcher names) => new(
        "secret-assignment",
        t => MayAssignSecret(t, names),
        AssignmentRegex(),
        m => names.IsSecret(m.Groups["k"].Value),
        needs: Needs("=", ":"));

    private static ulong[] Needs(params string[] alternatives) => Array.ConvertAll(alternatives, TextShape.Needs);

    // Every alternative of the expression has its literal here (github_pat_ has no "gh"; each AWS prefix has its own).
    private static bool MayBeCloudKey(string t) =>
        t.Contains("AKIA", StringComparison.Ordinal) || t.Contains("ASIA", StringComparison.Ordinal)
        || t.Contains("AGPA", StringComparison.Ordinal) || t.Contains("AIDA", StringComparison.Ordinal)
        || t.Contains("AROA", StringComparison.Ordinal) || t.Contains("ANPA", StringComparison.Ordinal)
        || t.Contains("ANVA", StringComparison.Ordinal) || t.Contains("AIPA", StringComparison.Ordinal)
        || t.Contains("gh", StringComparison.Ordinal) || t.Contains("github_pat_", StringComparison.Ordinal) || t.Contains("xox", StringComparison.Ordinal)
        || t.Contains("hooks.slack", StringComparison.Ordinal) || t.Contains("_live_", StringComparison.Ordinal)
        || t.Contains("AIza", StringComparison.Ordinal);

    private static bool HasThirteenDigits(string t)
    {
        int digits = 0;
        foreach (char c in t)
        {
            if (char.IsAsciiDigit(c) && ++digits == 13)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://(?<v>[^/?#\s]+)@", Options, TimeoutMs)]
    private static partial Regex UrlRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:password|pwd|passwd)\s*=\s*(?<v>""[^""]*""?|'[^']*'?|[^;\r\n]*)", Options | RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex ConnectionStringRegex();

    [GeneratedRegex(@"\b(?:bearer|basic)\s+(?<v>[A-Za-z0-9\-._~+/]{8,}=*)", Options | RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex BearerRegex();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", Options, TimeoutMs)]
    private static partial Regex JwtRegex();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|.*)", Options | RegexOptions.Singleline, TimeoutMs)]
    private static partial Regex PrivateKeyRegex();

    [GeneratedRegex(
        @"\b(?:(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255}|xox[abposr]-[A-Za-z0-9\-]{10,}|(?:sk|rk)_live_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_\-]{35})\b|https://hooks\.slack\.com/services/[A-Za-z0-9/_\-]+",
        Options, TimeoutMs)]
    private static partial Regex CloudKeyRegex();

    [GeneratedRegex(@"(?<![0-9])[0-9](?:[ \-]?[0-9]){12,18}(?![0-9])", Options, TimeoutMs)]
    private static partial Regex CardRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", Options, TimeoutMs)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(
        @"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(?![0-9])|(?<![0-9A-Za-z:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?|::[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})(?![0-9A-Za-z:])",
        Options, TimeoutMs)]
    private static partial Regex IpRegex();

    [GeneratedRegex(@"(?<![0-9\-])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9\-])", Options, TimeoutMs)]
    private static partial Regex SsnRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.\-/\\])(?<k>[A-Za-z][A-Za-z0-9_.\-]{0,63})[""']?\s*[=:]\s*(?<v>""[^""]*""?|'[^']*'?|(?:(?:bearer|basic)\s+)?[^\s,;&""'<>]+)", Options | RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex AssignmentRegex();
}
