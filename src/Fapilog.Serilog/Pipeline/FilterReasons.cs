using System;

namespace Fapilog.Serilog;

/// <summary>The <see cref="FilterReason"/> values as counters index them and metrics and SelfLog name them.</summary>
internal static class FilterReasons
{
    public const int Count = 5;

    public static string Name(FilterReason reason) => reason switch
    {
        FilterReason.Sampled => "sampled",
        FilterReason.RateLimited => "rate_limited",
        FilterReason.Repeat => "repeat",
        FilterReason.DuplicateError => "duplicate_error",
        _ => "other",
    };

    /// <summary>Every reason, in index order.</summary>
    public static FilterReason[] All { get; } = Enum.GetValues<FilterReason>();
}
