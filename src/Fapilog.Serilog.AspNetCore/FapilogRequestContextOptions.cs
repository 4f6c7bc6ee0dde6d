using System.Security.Claims;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>What the request context middleware binds for the whole request, and where it finds it.</summary>
public sealed class FapilogRequestContextOptions
{
    /// <summary>The request id header, read and echoed. The default is <c>X-Request-ID</c>.</summary>
    public string RequestIdHeader { get; set; } = "X-Request-ID";

    /// <summary>Whether a valid incoming request id is used; when <see langword="false"/> one is always generated.
    /// The default is <see langword="true"/>.</summary>
    public bool AcceptIncomingRequestId { get; set; } = true;

    /// <summary>The longest incoming id (or tenant) accepted; longer ones are replaced. The default is 128.</summary>
    public int MaxIdLength { get; set; } = 128;

    /// <summary>Whether the request id is set on the response. The default is <see langword="true"/>.</summary>
    public bool EchoRequestId { get; set; } = true;

    /// <summary>The claim holding the user id; when the principal lacks it, <c>sub</c>, then the identity's name.
    /// The default is <see cref="ClaimTypes.NameIdentifier"/>.</summary>
    public string UserIdClaim { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>The tenant header, or <see langword="null"/> not to read one. The default is <c>X-Tenant-ID</c>.</summary>
    public string? TenantHeader { get; set; } = "X-Tenant-ID";

    /// <summary>The tenant claim (wins over the header), or <see langword="null"/>. The default is <c>tenant_id</c>.</summary>
    public string? TenantClaim { get; set; } = "tenant_id";
}
