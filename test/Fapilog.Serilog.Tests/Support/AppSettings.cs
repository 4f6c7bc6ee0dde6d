using System;
using System.IO;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Builds loggers from <c>appsettings.json</c> text held in memory, as an application's host would.</summary>
internal static class AppSettings
{
    public static IConfigurationRoot Parse(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    public static LoggerConfiguration Read(string json) => new LoggerConfiguration().ReadFrom.Configuration(Parse(json));

    /// <summary>
    /// The <c>{ "Serilog": { "WriteTo": [ entry ] } }</c> document around one entry.
    /// </summary>
    public static string WriteTo(string entry) => $$"""{ "Serilog": { "WriteTo": [ {{entry}} ] } }""";

    /// <summary>
    /// The error that configuring from <paramref name="json"/> raises at <c>ReadFrom.Configuration</c>.
    /// Serilog.Settings.Configuration calls configuration methods by reflection and does not unwrap: the error is
    /// a <see cref="TargetInvocationException"/> around ours, exactly once.
    /// </summary>
    public static ArgumentException ConfigurationError(string json)
    {
        var thrown = Record.Exception(() => Read(json));
        var wrapper = Assert.IsType<TargetInvocationException>(thrown);
        return Assert.IsAssignableFrom<ArgumentException>(wrapper.InnerException);
    }
}
