namespace Fapilog.Serilog;

/// <summary>What the console output writes.</summary>
public enum FapilogConsoleFormat
{
    /// <summary>
    /// <see cref="Pretty"/> when standard output is a terminal, <see cref="Json"/> when it is redirected
    /// (containers, log shippers, pipes). The default.
    /// </summary>
    Auto,

    /// <summary>
    /// One readable line per event for people: <c>10:30:00.123 INF Shop.Orders  Order 42 shipped to alice  OrderId=42</c>,
    /// coloured on a terminal unless <c>NO_COLOR</c> is set.
    /// </summary>
    Pretty,

    /// <summary>JSON lines in the chosen <c>FapilogFormat</c> (the envelope by default).</summary>
    Json,
}
