namespace Fapilog.Serilog;

/// <summary>
/// Named rule sets for <see cref="FapilogRedactionOptions.Presets"/>, after fapilog's presets. Each adds property
/// names, key-name patterns and value patterns; docs/redaction.md lists exactly what each contains.
/// </summary>
public enum RedactionPreset
{
    /// <summary>
    /// Secrets: passwords, secrets, tokens, API and access keys, authorization and cookies by key name; URL
    /// credentials, connection-string passwords, bearer and basic credentials, JWTs, private key blocks, AWS, GitHub
    /// and Slack-style keys inside any string. The default preset.
    /// </summary>
    Credentials,

    /// <summary>Payment cards: card numbers (13 to 19 digits passing the Luhn check) in any string or number; card number, CVV and PIN by key name.</summary>
    PciDss,

    /// <summary>Contact details: email addresses in any string; email, phone, address by key name. Opt-in.</summary>
    ContactInfo,

    /// <summary>Network addresses: IPv4 and IPv6 addresses in any string; IP address by key name. Opt-in.</summary>
    NetworkAddresses,

    /// <summary>Personal data under the GDPR: <see cref="ContactInfo"/> and <see cref="NetworkAddresses"/>, plus names, birth dates and national identifiers by key name.</summary>
    GdprPii,

    /// <summary>Health information under HIPAA: <see cref="GdprPii"/>, plus US social security numbers in any string and medical record, patient and health plan identifiers by key name.</summary>
    HipaaPhi,
}
