using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// Makes sure rsyslog and its GnuTLS driver are installed, so that the syslog tests run on a fresh machine: when
/// <c>rsyslogd</c> or the driver is missing, <c>apt-get install -y rsyslog rsyslog-gnutls</c> runs once (non-interactive,
/// under a file lock shared by every test process; <c>apt-get update</c> first if the install fails).
/// </summary>
internal static class RsyslogPackages
{
    public const string Daemon = "/usr/sbin/rsyslogd";

    private static readonly object Gate = new();
    private static bool _checked;

    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (_checked)
            {
                return;
            }

            using (LockFile())
            {
                if (!Installed())
                {
                    if (Apt("install", "-y", "--no-install-recommends", "rsyslog", "rsyslog-gnutls") != 0)
                    {
                        Assert.Equal(0, Apt("update"));
                        Assert.Equal(0, Apt("install", "-y", "--no-install-recommends", "rsyslog", "rsyslog-gnutls"));
                    }
                }

                Assert.True(Installed(), "rsyslog and rsyslog-gnutls are still not installed after apt-get install");
            }

            _checked = true;
        }
    }

    private static bool Installed() => File.Exists(Daemon) && Query("rsyslog-gnutls");

    private static bool Query(string package)
    {
        var start = new ProcessStartInfo("dpkg-query", ["-W", "-f=${Status}", package]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string status = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && status.Contains("install ok installed", StringComparison.Ordinal);
    }

    private static int Apt(params string[] args)
    {
        var start = new ProcessStartInfo("apt-get", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), "apt-get " + string.Join(' ', args) + " did not finish in 10 minutes");
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine("apt-get " + string.Join(' ', args) + " failed: " + output.Result + error);
        }

        return process.ExitCode;
    }

    /// <summary>A lock held across processes (test runs in parallel; an exclusive open is an flock), waited for 15 minutes at most.</summary>
    private static FileStream LockFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "fapilog-tests-rsyslog-install.lock");
        FileStream? held = null;
        bool taken = SpinWait.SpinUntil(
            () =>
            {
                try
                {
                    held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            },
            TimeSpan.FromMinutes(15));
        Assert.True(taken, "another test process held " + path + " for 15 minutes");
        return held!;
    }
}
