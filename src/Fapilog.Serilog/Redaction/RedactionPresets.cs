using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// What each <see cref="RedactionPreset"/> contains: key-name word patterns (see <see cref="KeyNameMatcher"/>) and
/// value patterns (see <see cref="ValueDetectors"/>). docs/redaction.md lists the same (RedactionDocsTests checks the key names).
/// </summary>
internal static class RedactionPresets
{
    public static IReadOnlyList<string> CredentialKeys { get; } = new[]
    {
        "password", "passwords", "passwd", "pwd", "passphrase", "pass phrase", "secret", "secrets", "token", "tokens",
        "api key", "api keys", "access key", "secret key", "private key", "signing key", "encryption key", "auth",
        "authorization", "credential", "credentials", "cookie", "cookies", "session id", "sid", "otp", "pin code",
    };

    public static IReadOnlyList<string> CardKeys { get; } = new[]
    {
        "card number", "credit card", "cc number", "pan", "cvv", "cvv2", "cvc", "card verification", "pin",
    };

    public static IReadOnlyList<string> ContactKeys { get; } = new[]
    {
        "email", "e mail", "phone", "phone number", "mobile", "telephone", "fax", "address", "street", "postcode", "zip code",
    };

    public static IReadOnlyList<string> NetworkKeys { get; } = new[] { "ip", "ip address", "client ip", "remote ip", "mac address" };

    public static IReadOnlyList<string> PersonKeys { get; } = new[]
    {
        "first name", "last name", "full name", "given name", "family name", "surname", "birth date", "date of birth", "dob",
        "national id", "passport", "passport number", "ssn", "social security", "tax id", "iban", "driver license",
    };

    public static IReadOnlyList<string> HealthKeys { get; } = new[]
    {
        "medical record", "mrn", "patient id", "health plan", "insurance number", "diagnosis", "prescription",
    };

    /// <summary>The key-name patterns of <paramref name="preset"/>.</summary>
    public static IEnumerable<string> Keys(RedactionPreset preset) => preset switch
    {
        RedactionPreset.Credentials => CredentialKeys,
        RedactionPreset.PciDss => CardKeys,
        RedactionPreset.ContactInfo => ContactKeys,
        RedactionPreset.NetworkAddresses => NetworkKeys,
        RedactionPreset.GdprPii => Concat(ContactKeys, NetworkKeys, PersonKeys),
        _ => Concat(ContactKeys, NetworkKeys, PersonKeys, HealthKeys),
    };

    /// <summary>The value patterns of <paramref name="preset"/> (the secret assignments are added by the rules, which own the key names).</summary>
    public static IEnumerable<ValueDetector> Values(RedactionPreset preset) => preset switch
    {
        RedactionPreset.Credentials => new[]
        {
            ValueDetectors.PrivateKey, ValueDetectors.UrlCredentials, ValueDetectors.ConnectionStringPassword,
            ValueDetectors.BearerToken, ValueDetectors.Jwt, ValueDetectors.CloudKeys,
        },
        RedactionPreset.PciDss => new[] { ValueDetectors.CardNumber },
        RedactionPreset.ContactInfo => new[] { ValueDetectors.Email },
        RedactionPreset.NetworkAddresses => new[] { ValueDetectors.IpAddress },
        RedactionPreset.GdprPii => new[] { ValueDetectors.Email, ValueDetectors.IpAddress },
        _ => new[] { ValueDetectors.Email, ValueDetectors.IpAddress, ValueDetectors.SocialSecurityNumber },
    };

    private static IEnumerable<string> Concat(params IReadOnlyList<string>[] lists)
    {
        foreach (var list in lists)
        {
            foreach (string key in list)
            {
                yield return key;
            }
        }
    }
}
