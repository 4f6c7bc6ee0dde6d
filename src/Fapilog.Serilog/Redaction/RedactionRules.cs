using System.Collections.Generic;
using System.Linq;

namespace Fapilog.Serilog;

/// <summary>The rules of <see cref="FapilogRedactionOptions"/>, compiled once when the pipeline is built.</summary>
internal sealed class RedactionRules
{
    public RedactionRules(FapilogRedactionOptions options)
        : this(options, System.Array.Empty<ValueDetector>())
    {
    }

    /// <summary>The rules of <paramref name="options"/> plus <paramref name="extraDetectors"/> after the presets' (tests inject faults with them).</summary>
    internal RedactionRules(FapilogRedactionOptions options, IReadOnlyList<ValueDetector> extraDetectors)
    {
        var presets = options.Presets.Distinct().ToArray();
        var keyPatterns = presets.SelectMany(RedactionPresets.Keys).Concat(options.KeyPatterns);
        Names = new KeyNameMatcher(options.Fields, keyPatterns);
        Paths = options.Paths.Select(p => new PathPattern(p)).ToArray();

        // Order matters: a private key block first (it contains base64 that later patterns would cut in pieces),
        // the secret assignments last (by then a connection string's password is masked already).
        var detectors = new List<ValueDetector>();
        foreach (var detector in presets.SelectMany(RedactionPresets.Values))
        {
            if (!detectors.Contains(detector))
            {
                detectors.Add(detector);
            }
        }

        detectors.AddRange(extraDetectors);
        if (Names.Any)
        {
            detectors.Add(ValueDetectors.Assignments(Names));
        }

        Values = new ValueScanner(detectors, options.Mask);
        Mask = options.Mask;
        RedactExceptions = options.RedactExceptions;
        OnFailure = options.OnFailure;
        MaxDepth = options.MaxDepth;
    }

    public KeyNameMatcher Names { get; }

    public PathPattern[] Paths { get; }

    public ValueScanner Values { get; }

    public string Mask { get; }

    public bool RedactExceptions { get; }

    public RedactionFailureMode OnFailure { get; }

    public int MaxDepth { get; }
}
