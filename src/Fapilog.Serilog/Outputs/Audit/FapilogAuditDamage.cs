namespace Fapilog.Serilog;

/// <summary>The kind of damage the audit trail verifier found first (<see cref="FapilogAuditReport.Damage"/>).</summary>
public enum FapilogAuditDamage
{
    /// <summary>Nothing: every record and seal verified.</summary>
    None,

    /// <summary>A record's or seal's bytes changed: its MAC no longer matches (or the line is no longer a record).</summary>
    Modified,

    /// <summary>Records are missing inside a file: the sequence jumps and the records in between appear nowhere.</summary>
    Deleted,

    /// <summary>A line that is not part of the chain: a forged line the chain runs around, or a copy of a record already seen.</summary>
    Inserted,

    /// <summary>Records are out of order: a record comes before one with a lower sequence number.</summary>
    Reordered,

    /// <summary>A file's end is missing: an incomplete last line (a write cut short), or a rolled file without its seal.</summary>
    TruncatedTail,

    /// <summary>A whole file of the set is gone: the next file's seal names it, or the chain jumps exactly at a file boundary.</summary>
    MissingFile,

    /// <summary>The key is wrong: no key was given for a record's key id, or no record under that id verifies with the key given.</summary>
    WrongKey,
}
