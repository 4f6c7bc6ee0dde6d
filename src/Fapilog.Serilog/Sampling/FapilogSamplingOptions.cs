using System;
using System.Collections.Generic;
using System.Linq;

namespace Fapilog.Serilog;

/// <summary>
/// Sampling and filters of a pipeline (<see cref="FapilogPipelineOptions.Sampling"/>): level sampling, rate limiting,
/// first occurrence and duplicate-error suppression. They run on the writer thread, once per event for every output,
/// before redaction; every event they take out is counted <c>filtered</c>, by <see cref="FilterReason"/>.
/// </summary>
/// <remarks>
/// In this order: level sampling, first occurrence, rate limiting, duplicate errors; an event is counted under the first
/// rule that takes it out. Events at an <see cref="ExemptLevels"/> level (Audit and Security by default) pass every
/// rule. Time is the pipeline's <see cref="FapilogPipelineOptions.TimeProvider"/>, read once per batch.
/// </remarks>
public sealed class FapilogSamplingOptions
{
    /// <summary>The default exempt levels: Audit and Security.</summary>
    public static IReadOnlyList<FapilogLevel> DefaultExemptLevels { get; } = new[] { FapilogLevel.Audit, FapilogLevel.Security };

    /// <summary>
    /// The share of each level's events kept, 0.0 to 1.0 (to a millionth); levels not given keep everything. Counter
    /// based, not random: of the first n events of a level, exactly ceil(n × rate) are kept, evenly spaced, the first
    /// one always (0.1 keeps the 1st, 11th, 21st ...). The default is none.
    /// </summary>
    public IDictionary<FapilogLevel, double> LevelRates { get; set; } = new Dictionary<FapilogLevel, double>();

    /// <summary>
    /// Levels no rule ever takes out, nor counts. The default is Audit and Security; a rule may touch them only when
    /// this list leaves them out, explicitly.
    /// </summary>
    public IReadOnlyCollection<FapilogLevel> ExemptLevels { get; set; } = DefaultExemptLevels;

    /// <summary>Rate limiting with a token bucket per key; none by default.</summary>
    public FapilogRateLimitOptions? RateLimit { get; set; }

    /// <summary>First occurrence: repeats of a key within a window are filtered or sampled; none by default.</summary>
    public FapilogRepeatOptions? Repeats { get; set; }

    /// <summary>Suppression of duplicate errors within a window, with a summary event; none by default.</summary>
    public FapilogDuplicateErrorOptions? DuplicateErrors { get; set; }

    internal FapilogSamplingOptions Clone() => new()
    {
        LevelRates = LevelRates is null ? null! : new Dictionary<FapilogLevel, double>(LevelRates),
        ExemptLevels = ExemptLevels is null ? null! : ExemptLevels.ToArray(),
        RateLimit = RateLimit?.Clone(),
        Repeats = Repeats?.Clone(),
        DuplicateErrors = DuplicateErrors?.Clone(),
    };

    internal void Validate(OptionNaming naming)
    {
        if (ExemptLevels is null)
        {
            throw naming.Missing(nameof(ExemptLevels), ValidValues(nameof(ExemptLevels)));
        }

        foreach (var level in ExemptLevels)
        {
            SamplingValidation.Require(Enum.IsDefined(level), nameof(ExemptLevels), (int)level, ValidValues(nameof(ExemptLevels)), naming);
        }

        if (LevelRates is null)
        {
            throw naming.Missing(nameof(LevelRates), ValidValues(nameof(LevelRates)));
        }

        foreach (var (level, rate) in LevelRates)
        {
            SamplingValidation.Require(Enum.IsDefined(level), nameof(LevelRates), (int)level, ValidValues(nameof(LevelRates)), naming);
            SamplingValidation.Require(rate is >= 0.0 and <= 1.0, nameof(LevelRates), $"{level}: {OptionNaming.Show(rate)}", ValidValues(nameof(LevelRates)), naming);
            if (ExemptLevels.Contains(level) && rate < 1.0)
            {
                throw naming.Invalid(nameof(LevelRates), $"{level}: {OptionNaming.Show(rate)}", $"rates for levels that are not exempt ({level} is in ExemptLevels: leave it out of them to sample it)");
            }
        }

        RateLimit?.Validate(naming.Nested(nameof(RateLimit)));
        Repeats?.Validate(naming.Nested(nameof(Repeats)));
        DuplicateErrors?.Validate(naming.Nested(nameof(DuplicateErrors)));
    }

    internal static string ValidValues(string option) => option switch
    {
        nameof(LevelRates) => $"level names ({OptionNaming.Names<FapilogLevel>()}) with a share kept from 0.0 to 1.0",
        nameof(ExemptLevels) => $"a list of {OptionNaming.Names<FapilogLevel>()} (an empty list exempts nothing)",
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not an option of FapilogSamplingOptions."),
    };
}
