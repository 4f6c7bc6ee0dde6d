using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>What one wrk run reported: requests/s, the latency distribution (ms), completed requests, errors.</summary>
internal readonly record struct WrkResult(double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, long Requests, long SocketErrors, long Non2xx);

/// <summary>
/// The load generator: the Debian package's <c>wrk</c> (installed with <c>apt-get install -y wrk</c> when missing,
/// after an <c>apt-get update</c> if the first install fails), run with fixed threads, connections and duration, its
/// text output parsed.
/// </summary>
internal static partial class Wrk
{
    private const string DebianPath = "/usr/bin/wrk";

    /// <summary>The wrk executable, installing the Debian package first when it is not found.</summary>
    public static string Ensure()
    {
        if (Find() is { } found)
        {
            return found;
        }

        Console.WriteLine("wrk not found: apt-get install -y wrk");
        if (Apt("install", "-y", "wrk") != 0)
        {
            Apt("update");
            Apt("install", "-y", "wrk");
        }

        return Find() ?? throw new InvalidOperationException("wrk is not installed and apt-get could not install it (run as root: apt-get update && apt-get install -y wrk)");
    }

    public static string Version(string wrk)
    {
        // wrk has no --version flag: it prints its banner and usage (exit code 1) for an unknown option.
        var (_, output) = Exec(wrk, "--version");
        string first = output.Split('\n')[0].Trim();
        int copyright = first.IndexOf(" Copyright", StringComparison.Ordinal);
        first = copyright > 0 ? first[..copyright] : first;
        return first.Length > 0 ? first : "wrk (version unknown)";
    }

    /// <summary>Runs wrk against <paramref name="url"/> for <paramref name="seconds"/> seconds, with <c>--latency</c>.</summary>
    public static WrkResult Run(string wrk, string url, int threads, int connections, int seconds)
    {
        var (code, output) = Exec(wrk,
            "-t" + threads.ToString(CultureInfo.InvariantCulture),
            "-c" + connections.ToString(CultureInfo.InvariantCulture),
            "-d" + seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--latency",
            url);
        if (code != 0)
        {
            throw new InvalidOperationException($"wrk exited with {code}:\n{output}");
        }

        return Parse(output);
    }

    /// <summary>Reads requests/s, the 50/90/99 % latencies, the request count and the error lines of wrk's report.</summary>
    public static WrkResult Parse(string output)
    {
        var rate = RateLine().Match(output);
        var count = CountLine().Match(output);
        if (!rate.Success || !count.Success)
        {
            throw new FormatException("wrk's output has no 'Requests/sec' or 'requests in' line:\n" + output);
        }

        long socketErrors = 0;
        var errors = SocketErrorsLine().Match(output);
        if (errors.Success)
        {
            for (int g = 1; g <= 4; g++)
            {
                socketErrors += long.Parse(errors.Groups[g].Value, CultureInfo.InvariantCulture);
            }
        }

        var non2xx = Non2xxLine().Match(output);
        return new WrkResult(
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50"),
            Percentile(output, "90"),
            Percentile(output, "99"),
            long.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture),
            socketErrors,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static double Percentile(string output, string percent)
    {
        foreach (Match m in DistributionLine().Matches(output))
        {
            if (m.Groups[1].Value == percent)
            {
                double value = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                return m.Groups[3].Value switch
                {
                    "us" => value / 1000,
                    "ms" => value,
                    "s" => value * 1000,
                    "m" => value * 60_000,
                    _ => throw new FormatException("unknown latency unit " + m.Groups[3].Value),
                };
            }
        }

        throw new FormatException($"wrk's output has no {percent}% latency line (was --latency given?):\n" + output);
    }

    private static string? Find()
    {
        if (File.Exists(DebianPath))
        {
            return DebianPath;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "wrk");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int Apt(params string[] args)
    {
        var start = new ProcessStartInfo("apt-get") { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var apt = Process.Start(start)!;
            apt.WaitForExit();
            return apt.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine("apt-get could not be started: " + e.Message);
            return -1;
        }
    }

    private static (int ExitCode, string Output) Exec(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"([0-9]+) requests in ")]
    private static partial Regex CountLine();

    [GeneratedRegex(@"^\s+(50|75|90|99)%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex DistributionLine();

    [GeneratedRegex(@"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: ([0-9]+)")]
    private static partial Regex Non2xxLine();
}
