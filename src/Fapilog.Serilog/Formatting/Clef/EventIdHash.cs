namespace Fapilog.Serilog.Formatting;

/// <summary>
/// CLEF's <c>@i</c>: Jenkins' one-at-a-time hash of the message template over its UTF-16 code units, the
/// same function Serilog.Formatting.Compact uses, so Seq groups our events with theirs.
/// </summary>
internal static class EventIdHash
{
    public static uint Compute(string text)
    {
        unchecked
        {
            uint hash = 0;
            foreach (char c in text)
            {
                hash += c;
                hash += hash << 10;
                hash ^= hash >> 6;
            }

            hash += hash << 3;
            hash ^= hash >> 11;
            hash += hash << 15;
            return hash;
        }
    }
}
