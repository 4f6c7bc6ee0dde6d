using System;
using System.IO;
using System.Text;
using Fapilog.Serilog.Outputs.Audit;

namespace Fapilog.Serilog;

/// <summary>
/// A key of the audit trail: the HMAC-SHA256 secret and the id every line names it by (<c>"kid"</c>). Read once,
/// when it is created, from an environment variable, a file or bytes; the secret is base64 text of at least 32
/// bytes (e.g. <c>openssl rand -base64 32</c>).
/// </summary>
/// <remarks>
/// The secret never appears in a message, a log line or <see cref="ToString"/>: errors name the key id and where
/// the secret was to come from, never its value.
/// </remarks>
public sealed class FapilogAuditKey
{
    /// <summary>The fewest secret bytes accepted: 32 (the HMAC-SHA256 block of security).</summary>
    public const int MinimumLength = 32;

    private const string ValidIds = "1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'";
    private const string ValidSecrets = "base64 text of at least 32 bytes, e.g. the output of 'openssl rand -base64 32'";

    private FapilogAuditKey(string id, byte[] material)
    {
        Id = id;
        Material = material;
        IdUtf8 = Encoding.ASCII.GetBytes(id);
    }

    /// <summary>The key id written in every line (<c>"kid"</c>).</summary>
    public string Id { get; }

    internal byte[] Material { get; }

    internal byte[] IdUtf8 { get; }

    /// <summary>Reads the secret from an environment variable, now.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="variable">The environment variable that holds the base64 secret.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The id is not valid, or the variable is not set or not a valid secret.</exception>
    public static FapilogAuditKey FromEnvironmentVariable(string id, string variable)
    {
        CheckId(id);
        if (string.IsNullOrWhiteSpace(variable))
        {
            throw new ArgumentException($"Fapilog: audit key '{id}' has no environment variable name; valid values are the name of a variable holding {ValidSecrets}.", nameof(variable));
        }

        string? text = Environment.GetEnvironmentVariable(variable);
        return FromText(id, text, $"environment variable {variable}", nameof(variable));
    }

    /// <summary>Reads the secret from a file (its whole text, surrounding white space ignored), now.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="path">The file that holds the base64 secret (e.g. a mounted secret).</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The id is not valid, or the file cannot be read or is not a valid secret.</exception>
    public static FapilogAuditKey FromFile(string id, string path)
    {
        CheckId(id);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"Fapilog: audit key '{id}' has no file path; valid values are the path of a file holding {ValidSecrets}.", nameof(path));
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // The exception's own message names the path only; its type says what went wrong.
            throw new ArgumentException($"Fapilog: audit key '{id}' could not be read from file {path} ({ex.GetType().Name}); valid values are the path of a readable file holding {ValidSecrets}.", nameof(path));
        }

        return FromText(id, text, $"file {path}", nameof(path));
    }

    /// <summary>Uses the given secret bytes (copied).</summary>
    /// <param name="id">The key id.</param>
    /// <param name="secret">At least <see cref="MinimumLength"/> bytes.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The id is not valid or the secret too short.</exception>
    public static FapilogAuditKey FromBytes(string id, ReadOnlySpan<byte> secret)
    {
        CheckId(id);
        if (secret.Length < MinimumLength)
        {
            throw new ArgumentException($"Fapilog: audit key '{id}' has {secret.Length} bytes; valid values are at least {MinimumLength} bytes.", nameof(secret));
        }

        return new FapilogAuditKey(id, secret.ToArray());
    }

    /// <summary>Names the key by its id; never shows the secret.</summary>
    /// <returns><c>audit key 'id'</c>.</returns>
    public override string ToString() => $"audit key '{Id}'";

    internal static string Describe(string what) => what switch
    {
        "id" => ValidIds,
        _ => ValidSecrets,
    };

    private static FapilogAuditKey FromText(string id, string? text, string source, string paramName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"Fapilog: audit key '{id}' from {source} is not set or empty; valid values are {ValidSecrets}.", paramName);
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out int length))
        {
            throw new ArgumentException($"Fapilog: audit key '{id}' from {source} is not base64 text; valid values are {ValidSecrets}.", paramName);
        }

        if (length < MinimumLength)
        {
            throw new ArgumentException($"Fapilog: audit key '{id}' from {source} has {length} bytes; valid values are {ValidSecrets}.", paramName);
        }

        return new FapilogAuditKey(id, buffer.AsSpan(0, length).ToArray());
    }

    private static void CheckId(string id)
    {
        if (!AuditLine.IsValidKeyId(id))
        {
            throw new ArgumentException($"Fapilog: audit key id '{id}' is not valid; valid values are {ValidIds}.", nameof(id));
        }
    }
}
