using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Npgsql;

namespace Fapilog.Serilog.PostgreSql.Tests.Support;

/// <summary>
/// A real PostgreSQL 15 cluster for one test class: <c>initdb</c> in a temporary folder, started with <c>pg_ctl</c> on a
/// free loopback port (its unix socket in the folder too), stopped and deleted at the end. PostgreSQL refuses to run
/// as root, so when the tests run as root the server runs as the <c>postgres</c> OS user (<c>runuser</c>) and the
/// folder is that user's. A server that cannot start fails the test that needs it.
/// </summary>
/// <remarks>
/// TCP connections authenticate with a password (SCRAM), so the tests use a connection string with a real password;
/// the superuser <c>postgres</c>'s password is <see cref="Password"/>.
/// </remarks>
public sealed class PostgresServer : IDisposable
{
    public const string Password = "s3cret-Pa55word";

    private static readonly string BinDir = "/usr/lib/postgresql/15/bin";
    private static readonly bool IsRoot = Environment.UserName == "root";
    private readonly string _data;

    public PostgresServer()
    {
        PostgresInstall.EnsureInstalled(BinDir);
        Root = Path.Combine(Path.GetTempPath(), "fapilog-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        _data = Path.Combine(Root, "data");
        string pwfile = Path.Combine(Root, "pwfile");
        File.WriteAllText(pwfile, Password + "\n");
        if (IsRoot)
        {
            Run("chown", "-R", "postgres:postgres", Root);
        }

        AsServerUser(Path.Combine(BinDir, "initdb"), "-D", _data, "-U", "postgres", "--pwfile", pwfile, "--auth-local=trust",
            "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C");
        Port = FreePort();
        Start();
    }

    /// <summary>The cluster's folder (its data, log and socket).</summary>
    public string Root { get; }

    public int Port { get; }

    /// <summary>The superuser's connection string, with its password, over TCP on loopback.</summary>
    public string ConnectionString => ConnectionStringFor("postgres", Password);

    public string ConnectionStringFor(string user, string password) =>
        $"Host=127.0.0.1;Port={Port};Database=postgres;Username={user};Password={password};Pooling=false;Timeout=30";

    public void Start() =>
        AsServerUser(Path.Combine(BinDir, "pg_ctl"), "-D", _data, "-l", Path.Combine(Root, "server.log"), "-w", "-t", "120",
            "-o", $"-p {Port} -k {Root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start");

    /// <summary>Stops the server at once (<c>-m fast</c>: sessions are cut, as a restart in production would).</summary>
    public void Stop() => AsServerUser(Path.Combine(BinDir, "pg_ctl"), "-D", _data, "-w", "-t", "120", "-m", "fast", "stop");

    /// <summary>Runs SQL as the superuser and returns the first column of the first row, if any.</summary>
    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public void Execute(string sql) => Scalar(sql);

    public long Count(string table) => Convert.ToInt64(Scalar("SELECT count(*) FROM " + table), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a command as root (mounting, chown); fails the test when it fails.</summary>
    public static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(file + " did not finish in 180 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }

        return stdout.Result;
    }

    /// <summary>Runs a PostgreSQL program as the server's OS user.</summary>
    public static string AsServerUser(string program, params string[] args) =>
        IsRoot ? Run("runuser", ["-u", "postgres", "--", program, .. args]) : Run(program, args);

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                Stop();
            }
        }
        finally
        {
            foreach (string mount in Directory.Exists(Root) ? Directory.GetDirectories(Root, "mnt-*") : Array.Empty<string>())
            {
                try
                {
                    Run("umount", mount);
                }
                catch (InvalidOperationException)
                {
                    // Not mounted (the test unmounted it).
                }
            }

            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test over.
            }
        }
    }

    /// <summary>The server log, for a failure's message.</summary>
    public string Log() => File.Exists(Path.Combine(Root, "server.log")) ? File.ReadAllText(Path.Combine(Root, "server.log")) : "(no log)";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Installs PostgreSQL 15 from apt once per machine (under a lock) when the binaries are missing.</summary>
internal static class PostgresInstall
{
    private static readonly object Gate = new();

    public static void EnsureInstalled(string binDir)
    {
        lock (Gate)
        {
            if (File.Exists(Path.Combine(binDir, "initdb")))
            {
                return;
            }

            using var mutex = new Mutex(false, "Global\\fapilog-apt-postgresql");
            Assert.True(mutex.WaitOne(TimeSpan.FromMinutes(10)), "another test process held the PostgreSQL install lock for 10 minutes");
            try
            {
                if (!File.Exists(Path.Combine(binDir, "initdb")))
                {
                    // Non-interactive; on a fresh machine the package lists may be empty, so an update, then once more.
                    string[] install = ["DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "--no-install-recommends", "postgresql-15"];
                    try
                    {
                        PostgresServer.Run("env", install);
                    }
                    catch (InvalidOperationException)
                    {
                        PostgresServer.Run("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "update");
                        PostgresServer.Run("env", install);
                    }
                }
            }
            finally
            {
                mutex.ReleaseMutex();
            }
        }
    }
}
