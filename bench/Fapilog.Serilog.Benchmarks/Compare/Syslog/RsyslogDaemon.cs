using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;

namespace Fapilog.Serilog.Benchmarks.Compare.Syslog;

/// <summary>
/// One rsyslogd for one measurement, in the foreground in a folder of its own: an <c>imtcp</c> input on a free
/// loopback port (octet-counted frames) and an <c>imfile</c> input tailing <c>tail/*.jsonl</c> (inotify), both into
/// one ruleset that writes every message's raw text as a line to <c>out.log</c>. Installed with apt when missing.
/// </summary>
internal sealed class RsyslogDaemon : IDisposable
{
    private const string Daemon = "/usr/sbin/rsyslogd";
    private readonly Process _process;
    private readonly byte[] _buffer = new byte[1 << 20]; // one for every poll: the wait runs in the measured process
    private long _counted;
    private long _offset;

    public RsyslogDaemon(string folder)
    {
        EnsureInstalled();
        Folder = folder;
        Directory.CreateDirectory(Path.Combine(folder, "work"));
        Directory.CreateDirectory(TailFolder);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        string config = Path.Combine(folder, "rsyslog.conf");
        File.WriteAllText(config, string.Join('\n',
            $"global(workDirectory=\"{Path.Combine(folder, "work")}\" maxMessageSize=\"64k\")",
            "module(load=\"imtcp\")",
            "module(load=\"imfile\" mode=\"inotify\")",
            $"input(type=\"imtcp\" port=\"{Port}\" address=\"127.0.0.1\" ruleset=\"out\")",
            $"input(type=\"imfile\" File=\"{TailFolder}/*.jsonl\" Tag=\"tailed\" ruleset=\"out\")",
            "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")",
            $"ruleset(name=\"out\") {{ action(type=\"omfile\" file=\"{OutputFile}\" template=\"raw\") }}",
            $"action(type=\"omfile\" file=\"{Path.Combine(folder, "rsyslogd.log")}\")",
            string.Empty));
        var start = new ProcessStartInfo(Daemon, ["-n", "-f", config, "-i", Path.Combine(folder, "rsyslogd.pid")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!SpinWait.SpinUntil(() => _process.HasExited || Accepts(), TimeSpan.FromSeconds(30)) || _process.HasExited)
        {
            throw new InvalidOperationException("rsyslogd did not start; see " + folder);
        }
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>The folder <c>imfile</c> tails: every <c>*.jsonl</c> file in it, from its first line.</summary>
    public string TailFolder => Path.Combine(Folder, "tail");

    public string OutputFile => Path.Combine(Folder, "out.log");

    /// <summary>The daemon's CPU time so far (user + system), from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    public TimeSpan Cpu()
    {
        string stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>Waits until the daemon wrote <paramref name="lines"/> lines (polled every 2 ms, at most <paramref name="timeout"/>), and returns how many it wrote.</summary>
    public long WaitForLines(long lines, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (CountNew() < lines && watch.Elapsed < timeout)
        {
            Thread.Sleep(2);
        }

        return _counted;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            if (!_process.WaitForExit(30_000))
            {
                _process.Kill();
            }
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private long CountNew()
    {
        if (!File.Exists(OutputFile))
        {
            return 0;
        }

        using var stream = new FileStream(OutputFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        stream.Position = _offset;
        int read;
        while ((read = stream.Read(_buffer, 0, _buffer.Length)) > 0)
        {
            _counted += _buffer.AsSpan(0, read).Count((byte)'\n');
            _offset += read;
        }

        return _counted;
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void EnsureInstalled()
    {
        if (File.Exists(Daemon))
        {
            return;
        }

        Console.WriteLine("rsyslogd is missing: apt-get install -y rsyslog");
        if (Apt("install", "-y", "--no-install-recommends", "rsyslog") != 0 && (Apt("update") != 0 || Apt("install", "-y", "--no-install-recommends", "rsyslog") != 0))
        {
            throw new InvalidOperationException("apt-get could not install rsyslog");
        }
    }

    private static int Apt(params string[] args)
    {
        var start = new ProcessStartInfo("apt-get", args) { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var apt = Process.Start(start)!;
        apt.WaitForExit();
        return apt.ExitCode;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
