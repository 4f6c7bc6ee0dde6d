using System;
using System.Collections.Generic;
using System.Globalization;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>
/// <c>compare-web</c>'s options: <c>--duration 10</c> (s per measured wrk run), <c>--warmup 15</c> (s of wrk before it,
/// not measured: long enough for the JIT's tier-up to finish on a busy 2-core machine), <c>--threads 2</c> and <c>--connections 32</c> (wrk's), <c>--gc server|workstation</c> (the servers'
/// collector), <c>--path /api/orders/42</c>; and of <see cref="RunnerArguments"/>: <c>--rounds</c> (default 3),
/// <c>--only nfs</c>, <c>--out</c>, <c>--work</c>.
/// </summary>
internal sealed class WebArguments
{
    public RunnerArguments Common { get; private set; } = RunnerArguments.Parse([]);

    public int DurationSeconds { get; private set; } = 10;

    public int WarmupSeconds { get; private set; } = 15;

    public int Threads { get; private set; } = 2;

    public int Connections { get; private set; } = 32;

    public bool ServerGc { get; private set; } = true;

    public string Path { get; private set; } = "/api/orders/42";

    public static WebArguments Parse(string[] args)
    {
        if (args.Length % 2 != 0)
        {
            throw new ArgumentException($"option {args[^1]} has no value");
        }

        var parsed = new WebArguments();
        var common = new List<string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--duration": parsed.DurationSeconds = Math.Max(1, Int(value)); break;
                case "--warmup": parsed.WarmupSeconds = Math.Max(0, Int(value)); break;
                case "--threads": parsed.Threads = Math.Max(1, Int(value)); break;
                case "--connections": parsed.Connections = Math.Max(1, Int(value)); break;
                case "--gc": parsed.ServerGc = value switch { "server" => true, "workstation" => false, _ => throw new ArgumentException("--gc takes server or workstation") }; break;
                case "--path": parsed.Path = value.StartsWith('/') ? value : "/" + value; break;
                default: common.Add(args[i]); common.Add(value); break;
            }
        }

        // wrk needs at least one connection per thread.
        parsed.Connections = Math.Max(parsed.Connections, parsed.Threads);
        parsed.Common = RunnerArguments.Parse([.. common]);
        return parsed;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
