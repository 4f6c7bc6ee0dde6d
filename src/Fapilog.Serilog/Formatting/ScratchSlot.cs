using System.Threading;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Holds one <see cref="FormatterScratch"/> per formatter. The writer thread rents and returns the same
/// instance every event; a second thread formatting at the same moment (an <c>ITextFormatter</c> shared by
/// plain sinks) gets a fresh one instead of waiting, so formatters stay thread-safe without locks.
/// </summary>
internal sealed class ScratchSlot
{
    // Exchanged atomically: whoever takes it owns it until Return; null means "in use".
    private FormatterScratch? _cached = new();

    public FormatterScratch Rent() => Interlocked.Exchange(ref _cached, null) ?? new FormatterScratch();

    public void Return(FormatterScratch scratch) => Volatile.Write(ref _cached, scratch);
}
