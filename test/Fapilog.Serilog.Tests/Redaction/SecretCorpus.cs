using System;
using System.Collections.Generic;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>
/// Secrets in every position an event has, each with a core (letters and digits only, so that no JSON escaping can
/// hide it from a byte search) that must appear in no byte any output writes.
/// </summary>
internal static class SecretCorpus
{
    public const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5NXgL0n3I9PlFUP0THsR8U";

    /// <summary>The cores: none of them may be written anywhere.</summary>
    public static readonly string[] Cores =
    {
        "PropPassw0rdA1",           // a property by name
        "NestedPassw0rdB2",         // a nested structure field by name
        "dozjgNryP4J3jVmNHl0w5N",   // a JWT in a sequence
        "SeqStructSecretC3",        // a structure inside a sequence
        "abcdefghijklmnopqrstuvwxyz0123456789", // a GitHub token as a dictionary key
        "AKIAIOSFODNN7EXAMPLE",     // an AWS key as a dictionary value under apiKey
        "UrlPassw0rdD4",            // URL credentials in a dictionary value
        "TemplateBearerE5abcdef",   // a bearer token in the template's literal text
        "C0nnPassw0rdF6",           // a connection string rendered into the message through a hole
        "Exc3ptionPw9G7",           // an exception message
        "xoxb-123456789012-InnerH8secret", // a Slack token in an inner exception
        "UriPassw0rdI9",            // a Uri scalar with credentials
        "MIIEpAIBAAKCAQEAprivkeyJ0", // a private key block
        "4111111111111111",         // a card number as an integer
        "4111 1111 1111 1111",      // a card number in a string
        "QueryT0kenK1",             // a token in a query string
        "AnonPassw0rdL2",           // a destructured object's Password
        "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY", // an AWS secret by key name
    };

    /// <summary>Text of the events that is no secret: each must arrive, proving the outputs wrote the events.</summary>
    public static readonly string[] Markers = { "alice", "db.example.com", "billing", "Login failed", "InvalidOperationException" };

    public static FapilogRedactionOptions Options => new()
    {
        Presets = new[] { RedactionPreset.Credentials, RedactionPreset.PciDss },
        RedactExceptions = true,
    };

    /// <summary>Logs the corpus: several events, so that each position is also tried on its own.</summary>
    public static void LogAll(ILogger log)
    {
        log.Information("Login by {User} with {Password}", "alice", "PropPassw0rdA1");
        log.Information("Profile {@Profile}", new { Name = "alice", Credentials = new { Password = "NestedPassw0rdB2" } });
        log.Information("Tokens {Tokens}", new object[] { "plain", Jwt, new[] { "x" } });
        log.Information("Items {@Items}", new[] { new { Id = 1, Secret = "SeqStructSecretC3" } });
        log.Information("Headers {Headers}", new Dictionary<string, string>
        {
            ["ghp_abcdefghijklmnopqrstuvwxyz0123456789"] = "v1",
            ["apiKey"] = "AKIAIOSFODNN7EXAMPLE",
            ["upstream"] = "https://bob:UrlPassw0rdD4@db.example.com/x",
        });
        log.Information("Calling {Service} with Bearer TemplateBearerE5abcdef", "billing");
        log.Information("Connecting with {Conn}", "Server=db.example.com;User Id=sa;Password=C0nnPassw0rdF6;Encrypt=true");
        log.Error(Thrown(), "Login failed for {User}", "alice");
        log.Information("Endpoint {Endpoint}", new Uri("https://admin:UriPassw0rdI9@db.example.com/"));
        log.Information("Key {Key}", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAprivkeyJ0\nAAAA\n-----END RSA PRIVATE KEY-----");
        log.Information("Charged {Card} and {CardText}", 4111111111111111L, "card 4111 1111 1111 1111 ok");
        log.Information("Callback {Url}", "https://db.example.com/cb?token=QueryT0kenK1&page=2");
        log.Information("Login {@Login}", new { User = "alice", Password = "AnonPassw0rdL2" });
        log.Information("Aws {@Aws}", new Dictionary<string, object> { ["aws_secret_access_key"] = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY" });
    }

    public const int EventCount = 14;

    private static Exception Thrown()
    {
        try
        {
            try
            {
                throw new ArgumentException("token xoxb-123456789012-InnerH8secret refused");
            }
            catch (ArgumentException inner)
            {
                throw new InvalidOperationException("login failed password=Exc3ptionPw9G7", inner);
            }
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    /// <summary>Whether a LogEvent as the caller made it still holds a core (it must: the shared event is never changed).</summary>
    public static bool Holds(LogEvent logEvent, string core)
    {
        foreach (var property in logEvent.Properties.Values)
        {
            if (property.ToString().Contains(core, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return logEvent.MessageTemplate.Text.Contains(core, StringComparison.Ordinal)
            || (logEvent.Exception?.ToString().Contains(core, StringComparison.Ordinal) ?? false);
    }
}
