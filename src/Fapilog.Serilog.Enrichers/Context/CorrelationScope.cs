using System;

namespace Fapilog.Serilog;

/// <summary>
/// A correlation started by <see cref="FapilogContext.BeginCorrelation(string?)"/>: exposes the id in use
/// (to pass on to downstream calls) and ends the correlation when disposed.
/// </summary>
public sealed class CorrelationScope : IDisposable
{
    private readonly IDisposable _binding;

    internal CorrelationScope(string correlationId, IDisposable binding)
    {
        CorrelationId = correlationId;
        _binding = binding;
    }

    /// <summary>The correlation id bound by this scope, given or generated.</summary>
    public string CorrelationId { get; }

    /// <summary>Removes the correlation id this scope bound; a second call does nothing.</summary>
    public void Dispose() => _binding.Dispose();
}
