using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace Fapilog.Serilog.Benchmarks.Compare.PostgreSql;

/// <summary>
/// A PostgreSQL 15 cluster for the benchmark's run: <c>initdb</c> in a temporary folder, on a free loopback port, with
/// the server's default durability (<c>fsync</c> and <c>synchronous_commit</c> on, as a real deployment runs), as the
/// <c>postgres</c> OS user when the benchmark runs as root. Stopped and deleted at the end.
/// </summary>
internal sealed class PgCluster : IDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private const string Password = "bench-pw";
    private static readonly bool IsRoot = Environment.UserName == "root";
    private readonly string _root;
    private readonly string _data;
    private readonly int _port;

    public PgCluster()
    {
        _root = Path.Combine(Path.GetTempPath(), "fapilog-bench-pg-" + Environment.ProcessId);
        Directory.CreateDirectory(_root);
        _data = Path.Combine(_root, "data");
        File.WriteAllText(Path.Combine(_root, "pwfile"), Password + "\n");
        if (IsRoot)
        {
            Run("chown", "-R", "postgres:postgres", _root);
        }

        AsServerUser(Path.Combine(BinDir, "initdb"), "-D", _data, "-U", "postgres", "--pwfile", Path.Combine(_root, "pwfile"),
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C");
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        AsServerUser(Path.Combine(BinDir, "pg_ctl"), "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "120",
            "-o", $"-p {_port} -k {_root} -c listen_addresses=127.0.0.1", "start");
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Database=postgres;Username=postgres;Password={Password}";

    public void Dispose()
    {
        try
        {
            AsServerUser(Path.Combine(BinDir, "pg_ctl"), "-D", _data, "-w", "-m", "fast", "stop");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static void AsServerUser(string program, params string[] args)
    {
        if (IsRoot)
        {
            Run("runuser", ["-u", "postgres", "--", program, .. args]);
        }
        else
        {
            Run(program, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
