using System.Runtime.InteropServices;

namespace Fapilog.Serilog;

/// <summary>
/// A long alone on its cache line, so that the producers' hot word and the writer's hot word do not
/// invalidate each other (false sharing).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}
