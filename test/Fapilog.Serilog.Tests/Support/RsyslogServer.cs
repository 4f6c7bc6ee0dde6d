using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// One real rsyslogd for a test class, in the foreground on loopback, with a configuration, work folder and output
/// file of its own in a temporary folder: plain TCP and UDP inputs, or a TLS (GnuTLS) input. Every message an input
/// receives is written to <c>messages.jsonl</c> as one JSON object of the fields rsyslog parsed (and the raw message),
/// so the tests assert what the server understood. A server that does not start fails the test.
/// </summary>
internal sealed partial class RsyslogServer : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _config;
    private Process? _process;
    private string _probe = string.Empty;

    private RsyslogServer(bool tls, bool requireClientCertificate)
    {
        RsyslogPackages.EnsureInstalled();
        Tls = tls ? new RsyslogTls(_folder.Path, requireClientCertificate) : null;
        TcpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        UdpPort = !tls ? FreePort(SocketType.Dgram, ProtocolType.Udp) : 0;
        Directory.CreateDirectory(_folder.File("work"));
        _config = _folder.File("rsyslog.conf");
        File.WriteAllText(_config, Configuration());
    }

    public int TcpPort { get; }

    public int UdpPort { get; }

    public RsyslogTls? Tls { get; }

    public string Folder => _folder.Path;

    public string MessagesFile => _folder.File("messages.jsonl");

    /// <summary>Starts a server with a plain TCP input (octet counting) and a UDP input.</summary>
    public static RsyslogServer StartPlain()
    {
        var server = new RsyslogServer(tls: false, requireClientCertificate: false);
        server.Start();
        return server;
    }

    /// <summary>Starts a server with a TLS input and certificates of its own (<see cref="Tls"/>); it requires a client certificate from the same CA when asked to.</summary>
    public static RsyslogServer StartTls(bool requireClientCertificate)
    {
        var server = new RsyslogServer(tls: true, requireClientCertificate);
        server.Start();
        return server;
    }

    /// <summary>Every message of APP-NAME <paramref name="app"/> received so far, in the order the server wrote them.</summary>
    public IReadOnlyList<ReceivedSyslog> Messages(string app)
    {
        if (!File.Exists(MessagesFile))
        {
            return Array.Empty<ReceivedSyslog>();
        }

        // Only whole lines: rsyslog may be writing the last one.
        string text = Batches.ReadShared(MessagesFile);
        return text[..(text.LastIndexOf('\n') + 1)]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(ReceivedSyslog.Parse)
            .Where(m => m.AppName == app)
            .ToList();
    }

    /// <summary>How many lines the server wrote so far (every app's, and probes), counted cheaply.</summary>
    public int LineCount() => File.Exists(MessagesFile) ? Batches.ReadShared(MessagesFile).AsSpan().Count('\n') : 0;

    /// <summary>Waits (bounded, 30 s) until <paramref name="count"/> messages of <paramref name="app"/> arrived, and returns them.</summary>
    public IReadOnlyList<ReceivedSyslog> WaitFor(string app, int count, TimeSpan? timeout = null)
    {
        IReadOnlyList<ReceivedSyslog> seen = Array.Empty<ReceivedSyslog>();
        SpinWait.SpinUntil(() => (seen = Messages(app)).Count >= count, timeout ?? TimeSpan.FromSeconds(30));
        return seen;
    }

    /// <summary>Stops the server with SIGTERM (it drains its queue and closes its connections), waits for it, starts it again on the same ports.</summary>
    public void Restart()
    {
        Stop();
        Start();
    }

    public void Dispose()
    {
        Stop();
        _folder.Dispose();
    }

    /// <summary>The server's own messages (startup, errors), for a failing test's message.</summary>
    public string DaemonLog() => File.Exists(_folder.File("rsyslogd.log")) ? Batches.ReadShared(_folder.File("rsyslogd.log")) : string.Empty;

    private void Start()
    {
        var start = new ProcessStartInfo(RsyslogPackages.Daemon, ["-n", "-f", _config, "-i", _folder.File("rsyslogd.pid")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        _probe = "ready-" + Guid.NewGuid().ToString("N");
        bool ready = SpinWait.SpinUntil(() => process.HasExited || Ready(), TimeSpan.FromSeconds(30));
        if (!ready || process.HasExited)
        {
            string why;
            lock (stderr)
            {
                why = stderr.ToString();
            }

            Stop();
            Assert.Fail("rsyslogd did not start (" + (ready ? "exited " + process.ExitCode : "not ready in 30 s") + "): " + why + DaemonLog());
        }
    }

    private void Stop()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            _ = Kill(process.Id, 15);
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }

        process.WaitForExit();
        process.Dispose();
    }

    /// <summary>Ready once the TCP input accepts a connection, and (plain servers) a probe datagram of this start sent to the UDP input was written out.</summary>
    private bool Ready()
    {
        try
        {
            using (var tcp = new TcpClient())
            {
                tcp.Connect(IPAddress.Loopback, TcpPort);
            }

            if (UdpPort == 0)
            {
                return true;
            }

            using var udp = new UdpClient();
            // A probe of this start: the server is ready once it wrote it out (an earlier start's probe is in the file too).
            udp.Send(Encoding.ASCII.GetBytes("<14>1 - - fapilog-probe - - - " + _probe), IPEndPoint.Parse("127.0.0.1:" + UdpPort));
            return File.Exists(MessagesFile) && Batches.ReadShared(MessagesFile).Contains(_probe, StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
