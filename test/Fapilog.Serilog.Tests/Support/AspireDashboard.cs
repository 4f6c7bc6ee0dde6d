using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A real OTLP receiver: the Aspire dashboard (package <c>Aspire.Dashboard.Sdk.linux-x64</c>, which the test project's
/// restore downloads), started in a temporary folder on free loopback ports, unsecured, and read back through its
/// telemetry API. One instance per test class; disposing kills its process tree.
/// </summary>
/// <remarks>
/// Not finding or not starting it throws: a test that needs it fails, never skips. It stores what it receives and
/// answers its API in the OTLP JSON form, with every attribute value as a string.
/// </remarks>
internal sealed class AspireDashboard : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly TempFolder _folder;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _client = new();

    private AspireDashboard(Process process, TempFolder folder, int apiPort, int otlpHttpPort)
    {
        _process = process;
        _folder = folder;
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort}");
        OtlpHttpUrl = $"http://127.0.0.1:{otlpHttpPort}";
    }

    /// <summary>The OTLP/HTTP base URL (<c>/v1/logs</c> is below it).</summary>
    public string OtlpHttpUrl { get; }

    public Uri ApiUrl { get; }

    /// <summary>What the dashboard printed so far, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<AspireDashboard> StartAsync()
    {
        string executable = AspireDashboardPackage.Executable();
        var folder = new TempFolder();
        int api = FreePort(), grpc = FreePort(), http = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{api}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{grpc}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{http}";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The Aspire dashboard did not start: " + executable);
        var dashboard = new AspireDashboard(process, folder, api, http);
        process.OutputDataReceived += (_, e) => dashboard.Append(e.Data);
        process.ErrorDataReceived += (_, e) => dashboard.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await dashboard.WaitUntilReadyAsync();
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }

        return dashboard;
    }

    /// <summary>The records the dashboard holds (at most <paramref name="limit"/>), as its API answers.</summary>
    public async Task<(List<OtlpRecord> Records, int TotalCount)> LogsAsync(int limit = 10_000)
    {
        var bytes = await _client.GetByteArrayAsync(new Uri(ApiUrl, $"/api/telemetry/logs?limit={limit}"));
        using var document = JsonDocument.Parse(bytes);
        return (OtlpDecoder.Json(bytes), document.RootElement.GetProperty("totalCount").GetInt32());
    }

    /// <summary>
    /// Waits (bounded: only a hang runs it out) until the dashboard holds <paramref name="count"/> records that
    /// <paramref name="filter"/> selects, and returns those it holds then.
    /// </summary>
    public async Task<List<OtlpRecord>> WaitForLogsAsync(Func<OtlpRecord, bool> filter, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var (records, _) = await LogsAsync();
            var selected = records.Where(filter).ToList();
            if (selected.Count >= count || DateTime.UtcNow > deadline)
            {
                return selected;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            _client.Dispose();
            _folder.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Aspire dashboard exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            if (Output.Contains("OTLP/HTTP listening on", StringComparison.Ordinal))
            {
                try
                {
                    using var response = await _client.GetAsync(new Uri(ApiUrl, "/api/telemetry/logs?limit=1"));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"The Aspire dashboard was not ready within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
