using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// The writer-side stages of a pipeline, in their one order: sampling and filters first (a counter or a key look-up,
/// and what they drop needs no further work), then redaction, then the internal stages set on
/// <see cref="FapilogPipelineOptions.Stages"/>. Within sampling, see <see cref="SamplingStages"/>.
/// </summary>
internal static class PipelineStages
{
    public static IReadOnlyList<IEventStage> Build(FapilogPipelineOptions options, PipelineCounters counters)
    {
        var stages = new List<IEventStage>();
        if (options.Sampling is { } sampling)
        {
            stages.AddRange(SamplingStages.Create(sampling));
        }

        // Redaction: after every stage that drops (so it sees the summaries they add), before the internal ones.
        stages.AddRange(RedactionStage.Append(System.Array.Empty<IEventStage>(), options.Redaction, counters));
        stages.AddRange(options.Stages);
        return stages;
    }
}
