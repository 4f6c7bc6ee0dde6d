using System;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// What a <see cref="RedactionStage"/> knows of one message template: whether its text is clean, and which property
/// name, by reference, is known clean at each position of its events' properties (the holes' names first, as the
/// binder adds them, then what the enrichers add). Writer thread only.
/// </summary>
/// <remarks>
/// A position holds a name only once that name's check found it clean under the stage's rules, so a name found there
/// by reference needs no look-up at all; a name that differs (another enricher, a name not in the template) is looked
/// up by its text and, when clean, takes the position. At most <see cref="MaxNames"/> positions.
/// </remarks>
internal sealed class TemplatePlan
{
    public const int MaxNames = 32;

    public TemplatePlan(MessageTemplate template, bool templateIsClean)
    {
        Template = template;
        TemplateIsClean = templateIsClean;
    }

    public MessageTemplate Template { get; }

    /// <summary>Whether the template's text and hole names have nothing to redact (false also when that check failed).</summary>
    public bool TemplateIsClean { get; }

    /// <summary>The known-clean name at each position (null: none known); its length grows up to <see cref="MaxNames"/>.</summary>
    public string?[] Names { get; private set; } = new string?[4];

    /// <summary>How many leading positions have been filled (the next position <see cref="Remember"/> extends to).</summary>
    public int Count { get; private set; }

    /// <summary>Records <paramref name="name"/>, checked clean, at <paramref name="index"/> (below <see cref="MaxNames"/>).</summary>
    public void Remember(int index, string name)
    {
        if (index >= Names.Length)
        {
            var grown = new string?[Math.Min(MaxNames, Math.Max(index + 1, Names.Length * 2))];
            Array.Copy(Names, grown, Names.Length);
            Names = grown;
        }

        Names[index] = name;
        Count = Math.Max(Count, index + 1);
    }
}
