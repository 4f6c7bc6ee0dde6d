using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Where the test project's restore put the Aspire dashboard, made ready to run.</summary>
internal static class AspireDashboardPackage
{
    public const string PackageId = "aspire.dashboard.sdk.linux-x64";
    public const string PackageVersion = "13.6.5";

    /// <summary>The dashboard's executable; throws, naming every place looked at, when it is not there.</summary>
    public static string Executable()
    {
        string executable = Locate();
        EnsureExecutable(executable);
        return executable;
    }

    /// <summary>
    /// The dashboard in the NuGet packages folder: the one the build restored into (recorded in the test assembly),
    /// else <c>NUGET_PACKAGES</c>, else what <c>dotnet nuget locals global-packages -l</c> says, else <c>~/.nuget/packages</c>.
    /// </summary>
    private static string Locate()
    {
        var roots = new List<string?>
        {
            typeof(AspireDashboardPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value,
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            GlobalPackagesFromDotnet(),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        var tried = new List<string>();
        foreach (var root in roots.Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            string candidate = Path.Combine(root!, PackageId, PackageVersion, "tools", "Aspire.Dashboard");
            if (File.Exists(candidate))
            {
                return candidate;
            }

            tried.Add(candidate);
        }

        throw new InvalidOperationException(
            "The Aspire dashboard (" + PackageId + " " + PackageVersion + ", a PackageDownload of the test project) was not found; restore the test project. Tried: "
            + string.Join(", ", tried));
    }

    private static string? GlobalPackagesFromDotnet()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dotnet", "nuget locals global-packages -l") { RedirectStandardOutput = true, UseShellExecute = false });
            string text = process!.StandardOutput.ReadToEnd();
            process.WaitForExit(30_000);
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : text[(colon + 1)..].Trim();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>A package's file modes are not always kept by the extraction: make sure the dashboard can run.</summary>
    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
    }
}
