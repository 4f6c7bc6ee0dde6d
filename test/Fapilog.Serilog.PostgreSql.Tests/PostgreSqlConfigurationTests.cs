using System;
using System.IO;
using System.Reflection;
using System.Text;
using Fapilog.Serilog.PostgreSql.Tests.Support;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary><c>WriteTo.FapilogPostgreSql</c> from code and from <c>appsettings.json</c>: every argument binds, and every mistake fails naming the option.</summary>
public sealed class PostgreSqlConfigurationTests : IClassFixture<PostgresServer>
{
    private readonly PostgresServer _server;

    public PostgreSqlConfigurationTests(PostgresServer server) => _server = server;

    [Fact]
    public void FromCode_TheFlatOverload_WritesIntoTheNamedTable()
    {
        using (var logger = new LoggerConfiguration()
                   .WriteTo.FapilogPostgreSql(_server.ConnectionString, table: "from_code", schema: "app", autoCreateTable: true)
                   .CreateLogger())
        {
            logger.Information("Hello {Name}", "code");
        }

        Assert.Equal("Hello code", _server.Scalar("SELECT message FROM app.from_code"));
    }

    [Fact]
    public void FromAppSettings_EveryArgumentBinds_AndAConnectionStringNameIsLookedUp()
    {
        string json = $$"""
            {
              "ConnectionStrings": { "Logs": "{{_server.ConnectionString}}" },
              "Serilog": {
                "WriteTo": [
                  {
                    "Name": "FapilogPostgreSql",
                    "Args": {
                      "connectionString": "Logs",
                      "schema": "json_schema",
                      "table": "json_logs",
                      "autoCreateTable": "true",
                      "commandTimeout": "00:00:20",
                      "name": "pg-json",
                      "delivery": { "batchSizeLimit": 5, "closeTimeout": "00:00:30", "spool": "Off" },
                      "restrictedToMinimumLevel": "Warning"
                    }
                  }
                ]
              }
            }
            """;
        using (var logger = Read(json).CreateLogger())
        {
            for (int n = 1; n <= 12; n++)
            {
                logger.Warning("Kept {N}", n);
                logger.Information("Below the level {N}", n);
            }
        }

        Assert.Equal(12L, _server.Count("json_schema.json_logs"));
        Assert.Equal(0L, Convert.ToInt64(_server.Scalar("SELECT count(*) FROM json_schema.json_logs WHERE level <> 'WARNING'")));
    }

    [Fact]
    public void FromAppSettings_AConnectionStringAsText_Works()
    {
        string json = $$"""{ "Serilog": { "WriteTo": [ { "Name": "FapilogPostgreSql", "Args": { "connectionString": "{{_server.ConnectionString}}", "table": "json_text", "autoCreateTable": true } } ] } }""";
        using (var logger = Read(json).CreateLogger())
        {
            logger.Error("Once");
        }

        Assert.Equal(1L, _server.Count("json_text"));
    }

    [Theory]
    [InlineData("\"tabel\": \"x\"", "WriteTo.FapilogPostgreSql argument 'tabel' is unknown")]
    [InlineData("\"autoCreateTable\": \"maybe\"", "WriteTo.FapilogPostgreSql argument 'autoCreateTable' has the value 'maybe'; valid values are true, false")]
    [InlineData("\"commandTimeout\": \"01:00:00\"", "WriteTo.FapilogPostgreSql argument 'commandTimeout' has the value '01:00:00'; valid values are time spans")]
    [InlineData("\"table\": \"\"", "WriteTo.FapilogPostgreSql argument 'table' has no value")]
    [InlineData("\"delivery\": { \"batchSize\": 5 }", "WriteTo.FapilogPostgreSql argument 'delivery.batchSize' is not a delivery option")]
    [InlineData("\"delivery\": { \"batchSizeLimit\": 0 }", "WriteTo.FapilogPostgreSql argument 'delivery.batchSizeLimit' has the value '0'")]
    public void FromAppSettings_AMistake_FailsNamingTheArgument(string argument, string expected)
    {
        string json = $$"""{ "Serilog": { "WriteTo": [ { "Name": "FapilogPostgreSql", "Args": { "connectionString": "Host=127.0.0.1;Password=hidden-pw", {{argument}} } } ] } }""";
        var ex = ConfigurationError(json);
        Assert.StartsWith("Fapilog: " + expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-pw", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromAppSettings_AnUnknownConnectionStringName_FailsNamingIt()
    {
        var ex = ConfigurationError("""{ "Serilog": { "WriteTo": [ { "Name": "FapilogPostgreSql", "Args": { "connectionString": "Missing" } } ] } }""");
        Assert.StartsWith("Fapilog: WriteTo.FapilogPostgreSql argument 'connectionString' has the value 'Missing'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("there is no entry Missing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ConnectionString has no value")]
    [InlineData("Host=127.0.0.1;Password=hidden-pw;Bogus=1", "ConnectionString has the value '(not shown:")]
    [InlineData("Database=app;Password=hidden-pw", "ConnectionString has the value 'Database=app;Password=***")]
    public void Options_ABadConnectionString_FailsWithoutShowingThePassword(string connectionString, string expected)
    {
        var options = new FapilogPostgreSqlOptions { ConnectionString = connectionString };
        var ex = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogPostgreSql(options));
        Assert.StartsWith("Fapilog: FapilogPostgreSqlOptions." + expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-pw", ex.Message, StringComparison.Ordinal);
        Assert.Equal("ConnectionString", ex.ParamName);
    }

    [Fact]
    public void Options_APasswordSplitByAnUnquotedSemicolon_ShowsNoPartOfIt()
    {
        // The password is "hidden;pw-tail=x": unquoted, its tail parses as an unknown keyword, which Npgsql's message names.
        var options = new FapilogPostgreSqlOptions { ConnectionString = "Host=127.0.0.1;Password=hidden;pw-tail=x" };
        var ex = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogPostgreSql(options));
        Assert.StartsWith("Fapilog: FapilogPostgreSqlOptions.ConnectionString has the value '(not shown:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-tail", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hidden", ex.Message, StringComparison.Ordinal);
        Assert.Equal("ConnectionString", ex.ParamName);
    }

    [Theory]
    [InlineData("Table", "", "has no value")]
    [InlineData("Table", "bad\nname", "has the value 'bad\nname'; valid values are a table name of 1 to 43 bytes")]
    [InlineData("Schema", "s\0", "has the value 's\0'; valid values are a schema name of 1 to 63 bytes")]
    [InlineData("Table", "a_table_name_of_forty_four_bytes_is_too_long", "has the value 'a_table_name_of_forty_four_bytes_is_too_long'; valid values are a table name of 1 to 43 bytes")]
    [InlineData("CommandTimeout", "00:00:00.500", "has the value '00:00:00.5000000'; valid values are time spans written [d.]hh:mm:ss[.fff] from 00:00:01 to 00:15:00")]
    [InlineData("Name", " ", "has no value")]
    public void Options_AnInvalidValue_FailsNamingTheOptionAndTheValidValues(string option, string value, string expected)
    {
        var options = new FapilogPostgreSqlOptions { ConnectionString = "Host=127.0.0.1", AutoCreateTable = true };
        switch (option)
        {
            case "Table": options.Table = value; break;
            case "Schema": options.Schema = value; break;
            case "CommandTimeout": options.CommandTimeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Name": options.Name = value; break;
        }

        var ex = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogPostgreSql(options));
        Assert.StartsWith($"Fapilog: FapilogPostgreSqlOptions.{option} {expected}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ATableNameOf63Bytes_IsValid_WhenTheOutputDoesNotCreateIt()
    {
        var options = new FapilogPostgreSqlOptions { ConnectionString = "Host=127.0.0.1", Table = new string('t', 63) };
        options.Validate(FapilogPostgreSqlOutput.OptionsNaming);
        options.Table = new string('t', 64);
        Assert.ThrowsAny<ArgumentException>(() => options.Validate(FapilogPostgreSqlOutput.OptionsNaming));
    }

    private static LoggerConfiguration Read(string json) =>
        new LoggerConfiguration().ReadFrom.Configuration(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build());

    private static ArgumentException ConfigurationError(string json)
    {
        var thrown = Record.Exception(() => Read(json));
        var wrapper = Assert.IsType<TargetInvocationException>(thrown);
        return Assert.IsAssignableFrom<ArgumentException>(wrapper.InnerException);
    }
}
