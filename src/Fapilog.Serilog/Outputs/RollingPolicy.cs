using System;
using System.Globalization;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// The pure naming and period rules of the rolling file: which period a time falls in and what its files are
/// called. No I/O, no clock: callers pass the time.
/// </summary>
/// <remarks>
/// Names are <c>{prefix}-{period}{_seq}{ext}</c>, e.g. <c>app-20261122.jsonl</c> then <c>app-20261122_001.jsonl</c>;
/// with <see cref="FapilogRollingInterval.Infinite"/> the period part is absent. Periods are UTC, so names sort in
/// time order even when local clocks go back an hour.
/// </remarks>
internal sealed class RollingPolicy
{
    private const string CompressedSuffix = ".gz";

    private readonly string _prefix;
    private readonly string _extension;
    private readonly string? _periodFormat;

    public RollingPolicy(string prefix, string extension, FapilogRollingInterval interval)
    {
        _prefix = prefix;
        _extension = extension;
        Interval = interval;
        _periodFormat = interval switch
        {
            FapilogRollingInterval.Infinite => null,
            FapilogRollingInterval.Year => "yyyy",
            FapilogRollingInterval.Month => "yyyyMM",
            FapilogRollingInterval.Day => "yyyyMMdd",
            FapilogRollingInterval.Hour => "yyyyMMddHH",
            FapilogRollingInterval.Minute => "yyyyMMddHHmm",
            _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown rolling interval."),
        };
    }

    public FapilogRollingInterval Interval { get; }

    /// <summary>The UTC start of the period that contains <paramref name="time"/>.</summary>
    public DateTimeOffset PeriodStart(DateTimeOffset time)
    {
        var t = time.UtcDateTime;
        var start = Interval switch
        {
            FapilogRollingInterval.Infinite => DateTime.MinValue,
            FapilogRollingInterval.Year => new DateTime(t.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            FapilogRollingInterval.Month => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            FapilogRollingInterval.Day => new DateTime(t.Year, t.Month, t.Day, 0, 0, 0, DateTimeKind.Utc),
            FapilogRollingInterval.Hour => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc),
            _ => new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc),
        };
        return new DateTimeOffset(start, TimeSpan.Zero);
    }

    /// <summary>The UTC end (exclusive) of the period that starts at <paramref name="periodStart"/>.</summary>
    public DateTimeOffset PeriodEnd(DateTimeOffset periodStart) => Interval switch
    {
        FapilogRollingInterval.Infinite => DateTimeOffset.MaxValue,
        FapilogRollingInterval.Year => periodStart.AddYears(1),
        FapilogRollingInterval.Month => periodStart.AddMonths(1),
        FapilogRollingInterval.Day => periodStart.AddDays(1),
        FapilogRollingInterval.Hour => periodStart.AddHours(1),
        _ => periodStart.AddMinutes(1),
    };

    public string FileName(DateTimeOffset periodStart, int sequence)
    {
        string period = _periodFormat is null
            ? string.Empty
            : "-" + periodStart.UtcDateTime.ToString(_periodFormat, CultureInfo.InvariantCulture);
        string seq = sequence == 0 ? string.Empty : "_" + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return _prefix + period + seq + _extension;
    }

    /// <summary>Recognises a file of this set (plain or <c>.gz</c>); anything else in the folder is ignored.</summary>
    public bool TryParse(string fileName, out LogFileName parsed)
    {
        parsed = default;
        var rest = fileName.AsSpan();
        bool compressed = rest.EndsWith(CompressedSuffix, StringComparison.Ordinal);
        if (compressed)
        {
            rest = rest[..^CompressedSuffix.Length];
        }

        if (!rest.StartsWith(_prefix, StringComparison.Ordinal) || !rest.EndsWith(_extension, StringComparison.Ordinal)
            || rest.Length < _prefix.Length + _extension.Length)
        {
            return false;
        }

        rest = rest[_prefix.Length..^_extension.Length];
        var periodStart = DateTimeOffset.MinValue;
        if (_periodFormat is not null)
        {
            if (rest.Length < 1 + _periodFormat.Length || rest[0] != '-'
                || !DateTime.TryParseExact(rest.Slice(1, _periodFormat.Length), _periodFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
            {
                return false;
            }

            periodStart = new DateTimeOffset(start, TimeSpan.Zero);
            rest = rest[(1 + _periodFormat.Length)..];
        }

        int sequence = 0;
        if (!rest.IsEmpty)
        {
            if (rest.Length < 4 || rest[0] != '_' || !IsDigits(rest[1..])
                || !int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
            {
                return false;
            }
        }

        parsed = new LogFileName(fileName, periodStart, sequence, compressed);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
