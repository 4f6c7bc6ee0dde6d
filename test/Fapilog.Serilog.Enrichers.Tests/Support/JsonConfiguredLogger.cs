using System;
using System.IO;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace Fapilog.Serilog.Enrichers.Tests.Support;

/// <summary>Builds a logger the way an application does: from an <c>appsettings.json</c> file on disk.</summary>
internal static class JsonConfiguredLogger
{
    public static TestLogger FromJson(string json)
    {
        string folder = Path.Combine(Path.GetTempPath(), "fapilog-enrichers-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "appsettings.json");
            File.WriteAllText(file, json);
            var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
            return new TestLogger(c => c.ReadFrom.Configuration(configuration));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
