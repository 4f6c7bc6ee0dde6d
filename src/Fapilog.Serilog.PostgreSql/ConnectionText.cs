using System;
using Npgsql;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>
/// Keeps the connection string's password out of every text the output shows: a connection string is shown without
/// it, and an error's text has it masked wherever it would appear.
/// </summary>
internal sealed class ConnectionText
{
    private readonly string? _password;

    public ConnectionText(NpgsqlConnectionStringBuilder builder) => _password = builder.Password;

    /// <summary>The connection string as an error may show it: the password replaced by <c>***</c>.</summary>
    public static string Shown(NpgsqlConnectionStringBuilder builder)
    {
        var copy = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
        bool hadPassword = !string.IsNullOrEmpty(copy.Password);
        copy.Password = null;
        return copy.ConnectionString + (hadPassword ? ";Password=***" : string.Empty);
    }

    /// <summary><paramref name="text"/> with the password masked (an error that echoes the connection string, a server message).</summary>
    public string Masked(string text) =>
        string.IsNullOrEmpty(_password) ? text : text.Replace(_password, "***", StringComparison.Ordinal);
}
