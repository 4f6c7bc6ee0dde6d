using System;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// What a file output that chains its lines (the audit trail) is told about the file: when one is opened, when it
/// is about to be rolled, which lines reached it, and when a write failed. Called under the output's lock.
/// </summary>
internal interface IFileChain
{
    /// <summary>
    /// A file was opened for appending: recover the chain from the set if it is not known (first open, after a
    /// failure) and write what must come first (a key rotation). False when the file is sealed and cannot be
    /// appended to: the next sequence is opened instead.
    /// </summary>
    bool Opened(ActiveLogFile file, LogFileName name, string path);

    /// <summary>The file is about to be closed for a roll: write its seal.</summary>
    void Rolling(ActiveLogFile file, LogFileName name);

    /// <summary>
    /// <paramref name="count"/> lines reached the file, the first and last of them given: the chain advances to
    /// the last one.
    /// </summary>
    void Written(ReadOnlySpan<byte> first, ReadOnlySpan<byte> last, int count);

    /// <summary>A write failed and the file was closed: the chain is recovered from the file at the next open.</summary>
    void Failed();
}
