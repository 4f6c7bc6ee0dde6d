using System;
using System.Runtime.CompilerServices;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>Which event the producers log: the three-property order line, the web-service event, or both in turn.</summary>
internal enum WorkloadKind
{
    /// <summary><c>Information("Order {OrderId} for {Customer} took {Elapsed} ms", ...)</c>.</summary>
    Orders,

    /// <summary>A web service's event: runtime fields, request context, trace and span ids, six properties, an exception every 1 000th.</summary>
    Realistic,
}

/// <summary>
/// The realistic workload's event, the same for every contender: the template, the fixed runtime fields the
/// non-Serilog contenders write themselves (Serilog's get them from <c>Enrich.WithFapilog(...)</c>), the
/// destructured order, and the one pre-thrown exception every 1 000th event carries.
/// </summary>
internal static class RealisticEvent
{
    public const string Template = "HTTP {Method} {Path} responded {StatusCode} in {Elapsed} ms for {@Order} from {ClientIp}";

    public const string Service = "orders-api";

    public const string Environment = "production";

    public const string Version = "1.4.2";

    /// <summary>Every <c>ErrorEvery</c>-th event (1-based) is an Error with <see cref="Failure"/>.</summary>
    public const int ErrorEvery = 1_000;

    /// <summary>Events per simulated request: a fresh Activity and a fresh bound context each time.</summary>
    public const int EventsPerRequest = 100;

    /// <summary>Orders each producer cycles through (built before the run, so the producer allocates none).</summary>
    public const int OrderRing = 64;

    /// <summary>What <c>Enrich.WithFapilog</c>'s runtime enricher resolves, as the others write it.</summary>
    public static string Runtime { get; } = ".NET " + System.Environment.Version;

    public static string MachineName { get; } = System.Environment.MachineName;

    public static int ProcessId { get; } = System.Environment.ProcessId;

    /// <summary>Thrown once, a few frames deep, so that it has a real stack trace; reused by every error event.</summary>
    public static Exception Failure { get; } = Throw();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception Throw()
    {
        try
        {
            OrderRepository.Load(42);
            throw new InvalidOperationException("unreachable");
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }

    private static class OrderRepository
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Load(int id) => Query(id);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Query(int id) =>
            throw new InvalidOperationException("Order " + id + " could not be loaded: the connection was reset by the database server");
    }
}

/// <summary>The destructured <c>{@Order}</c>: immutable, so a writer thread that serializes it later sees what was logged.</summary>
internal sealed class Order(int id, string customer, decimal total, int items, string currency)
{
    public int Id { get; } = id;

    public string Customer { get; } = customer;

    public decimal Total { get; } = total;

    public int Items { get; } = items;

    public string Currency { get; } = currency;
}

/// <summary>The bound request context of one simulated request.</summary>
internal sealed record RequestContext(string RequestId, string UserId, string TenantId);

/// <summary>One realistic call's arguments: six properties (one destructured) and, every 1 000th, the exception.</summary>
internal readonly record struct RealisticCall(string Method, string Path, int StatusCode, double Elapsed, Order Order, string ClientIp, Exception? Error);
