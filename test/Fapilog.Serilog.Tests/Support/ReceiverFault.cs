using System;
using System.Threading.Tasks;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>What a loopback server (<see cref="LoopbackServer"/>) does with one request instead of (or around) its normal answer.</summary>
internal abstract record ReceiverFault
{
    /// <summary>
    /// Answers with <paramref name="Code"/> and its <c>Retry-After</c>; the body is <paramref name="Body"/> (text) or
    /// <paramref name="Bytes"/> of <paramref name="ContentType"/> (an OTLP <c>Status</c> message, say) when given, else
    /// the server's own error body for that status (none unless its protocol has one).
    /// </summary>
    public sealed record Status(int Code, string? RetryAfter = null, string? Body = null, byte[]? Bytes = null, string? ContentType = null) : ReceiverFault;

    /// <summary>Answers with a redirect to <paramref name="Location"/>.</summary>
    public sealed record Redirect(int Code, string Location) : ReceiverFault;

    /// <summary>Aborts the connection after reading the request: the client sees a reset.</summary>
    public sealed record Reset : ReceiverFault;

    /// <summary>Never answers (until the client gives up).</summary>
    public sealed record Hang : ReceiverFault;

    /// <summary>Answers <paramref name="Code"/> with the headers and half of its error body, then never the rest: a refusal whose body stalls.</summary>
    public sealed record StalledBody(int Code) : ReceiverFault;

    /// <summary>Holds the request until <paramref name="Release"/> completes, then takes it as usual.</summary>
    public sealed record Held(Task Release) : ReceiverFault;

    /// <summary>Takes the request as usual, but answers late.</summary>
    public sealed record Slow(TimeSpan Delay) : ReceiverFault;

    /// <summary>Takes the request, then aborts the connection: the client never learns that it arrived.</summary>
    public sealed record LostAnswer : ReceiverFault;

    /// <summary>Takes the request, sends the answer's headers and half its body, then never the rest.</summary>
    public sealed record StalledAnswer : ReceiverFault;

    /// <summary>
    /// Resets every request until <paramref name="Back"/> completes: one fault for a whole outage, with the port still
    /// open (<see cref="LoopbackServer.StopAsync"/> closes it instead).
    /// </summary>
    public sealed record Down(Task Back) : ReceiverFault;
}
