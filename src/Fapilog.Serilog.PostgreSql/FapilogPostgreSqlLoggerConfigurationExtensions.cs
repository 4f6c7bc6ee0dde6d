using System;
using System.ComponentModel;
using Fapilog.Serilog;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.PostgreSql;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogPostgreSql(...)</c>: writes batches of events into a PostgreSQL table by binary COPY, one row per
/// event (extracted columns and the whole envelope as <c>jsonb</c>). The pipeline's writer hands each batch to the
/// output's own bounded buffer; a delivery thread of the output's own writes, retries and circuit-breaks, so a slow or
/// dead database never holds the writer or the other outputs. Used outside <c>WriteTo.Fapilog(wt => ...)</c> it puts
/// itself behind a pipeline of its own named <c>"postgresql"</c>.
/// </summary>
public static class FapilogPostgreSqlLoggerConfigurationExtensions
{
    /// <summary>The <c>appsettings.json</c> form of <c>WriteTo.FapilogPostgreSql</c>, which Serilog.Settings.Configuration calls. In code, use the typed overloads.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration: its entries for our methods are checked for unknown argument names, and a <c>connectionString</c> without <c>=</c> names one of its <c>ConnectionStrings</c>.</param>
    /// <param name="connectionString">An Npgsql connection string, or the name of an entry of the <c>ConnectionStrings</c> section. Required.</param>
    /// <param name="schema">The table's schema. The default is <c>public</c>.</param>
    /// <param name="table">The table. The default is <c>logs</c>.</param>
    /// <param name="autoCreateTable"><c>true</c> or <c>false</c>: create the schema, table and indexes when missing. The default is <c>false</c>.</param>
    /// <param name="commandTimeout">How long connecting or one batch may take (<c>hh:mm:ss</c>). The default is 00:00:30.</param>
    /// <param name="name">The output's name in stats, metrics and SelfLog. The default is <c>postgresql</c>.</param>
    /// <param name="delivery">An object of delivery options (<see cref="FapilogDeliveryOptions"/>, camel case): <c>batchSizeLimit</c>, <c>closeTimeout</c>, ... The defaults are documented there.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <c>Verbose</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogPostgreSql(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? connectionString = null,
        string? schema = null,
        string? table = null,
        string? autoCreateTable = null,
        string? commandTimeout = null,
        string? name = null,
        IConfigurationSection? delivery = null,
        string? restrictedToMinimumLevel = null,
        IConfigurationSection? options = null)
    {
        JsonArgumentReader.CheckArguments(sinkConfiguration, appConfiguration, "FapilogPostgreSql", options, typeof(FapilogPostgreSqlLoggerConfigurationExtensions));
        var naming = FapilogPostgreSqlOutput.ArgumentsNaming;
        var parsed = new FapilogPostgreSqlOptions();
        var read = new JsonArgumentReader(naming, parsed.ValidValues);
        parsed.ConnectionString = Resolve(appConfiguration, connectionString, parsed, naming);
        parsed.Schema = schema ?? parsed.Schema;
        parsed.Table = table ?? parsed.Table;
        parsed.AutoCreateTable = read.Boolean(autoCreateTable, parsed.AutoCreateTable, nameof(parsed.AutoCreateTable));
        parsed.CommandTimeout = read.TimeSpan(commandTimeout, parsed.CommandTimeout, nameof(parsed.CommandTimeout));
        parsed.Name = name ?? parsed.Name;
        if (delivery is not null)
        {
            parsed.Delivery.Read(delivery, naming.Nested(nameof(parsed.Delivery)));
        }

        return AddPostgreSql(sinkConfiguration, parsed, read.Level(restrictedToMinimumLevel), naming);
    }

    /// <summary>Writes batches of events into <paramref name="schema"/>.<paramref name="table"/>, with the default delivery options.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=127.0.0.1;Database=app;Username=logger;Password=...</c>.</param>
    /// <param name="table">The table. The default is <c>logs</c>.</param>
    /// <param name="schema">The table's schema. The default is <c>public</c>.</param>
    /// <param name="autoCreateTable">Creates the schema, table and indexes when they are missing. The default is <see langword="false"/>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogPostgreSql(
        this LoggerSinkConfiguration sinkConfiguration,
        string connectionString,
        string table = "logs",
        string schema = "public",
        bool autoCreateTable = false,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        var options = new FapilogPostgreSqlOptions { ConnectionString = connectionString, Table = table, Schema = schema, AutoCreateTable = autoCreateTable };
        return AddPostgreSql(sinkConfiguration, options, restrictedToMinimumLevel, FapilogPostgreSqlOutput.ArgumentsNaming);
    }

    /// <summary>Writes batches of events into PostgreSQL as configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogPostgreSql(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogPostgreSqlOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
        => AddPostgreSql(sinkConfiguration, options, restrictedToMinimumLevel, FapilogPostgreSqlOutput.OptionsNaming);

    private static LoggerConfiguration AddPostgreSql(
        LoggerSinkConfiguration sinkConfiguration, FapilogPostgreSqlOptions options, LogEventLevel restrictedToMinimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogDeliveryOutput.AddTo(sinkConfiguration, FapilogPostgreSqlOutput.Create(options, restrictedToMinimumLevel, naming), "postgresql");
    }

    /// <summary>A connection string as given, or the <c>ConnectionStrings</c> entry it names.</summary>
    private static string Resolve(IConfiguration appConfiguration, string? given, FapilogPostgreSqlOptions parsed, OptionNaming naming)
    {
        if (string.IsNullOrWhiteSpace(given) || given.Contains('=', StringComparison.Ordinal))
        {
            return given ?? string.Empty;
        }

        return appConfiguration.GetConnectionString(given)
            ?? throw naming.Invalid(
                nameof(parsed.ConnectionString),
                given,
                "an Npgsql connection string, or the name of an entry of the ConnectionStrings section (there is no entry " + given + ")");
    }
}
