using System.IO;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>One writer per set: two processes appending to one chain would fork it.</summary>
internal sealed partial class AuditChain
{
    private FileStream? _writerLock;

    /// <summary>
    /// The set's lock file: a hidden <c>.{name}.lock</c> next to it, held exclusively (an OS lock, released when the
    /// process ends, however it ends) for as long as this chain writes.
    /// </summary>
    internal static string LockPath(string directory, string configuredFileName) => Path.Combine(directory, "." + configuredFileName + ".lock");

    /// <exception cref="IOException">Another writer (a second process, or a second sink in this one) writes the set.</exception>
    private void HoldWriterLock()
    {
        if (_writerLock is not null)
        {
            return;
        }

        string path = _lockPath;
        try
        {
            _writerLock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException ex)
        {
            throw new IOException($"Fapilog: another writer holds the audit trail set in {_directory} ({path}); a set takes one writer, and batches fail until that one ends.", ex);
        }
    }
}
