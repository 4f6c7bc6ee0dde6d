namespace Fapilog.Serilog.Outputs.Loki;

/// <summary>Loki's rules for label names and tenant ids, checked when the output is configured.</summary>
internal static class LokiLabelNames
{
    /// <summary>The longest label value that may be configured, in characters (Loki's default limit is 2048 bytes).</summary>
    public const int MaxValueLength = 2048;

    private const int MaxTenantLength = 150;

    /// <summary>
    /// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, Loki's (and Prometheus's) label names, and not starting with <c>__</c>, which Loki
    /// keeps for its own labels.
    /// </summary>
    public static bool IsLabelName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith("__", System.StringComparison.Ordinal) || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Grafana's tenant id rules: up to 150 of <c>a-z A-Z 0-9 ! - _ . * ' ( )</c>, other than <c>.</c> and <c>..</c>.</summary>
    public static bool IsTenant(string tenant)
    {
        if (tenant.Length is 0 or > MaxTenantLength || tenant is "." or "..")
        {
            return false;
        }

        foreach (char c in tenant)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('!' or '-' or '_' or '.' or '*' or '\'' or '(' or ')'))
            {
                return false;
            }
        }

        return true;
    }
}
